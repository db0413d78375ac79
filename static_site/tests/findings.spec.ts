import { readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import zhUx from "../src/i18n/zh-CN.ux";
import enUx from "../src/i18n/en.ux";
import { findingKey, findingText, neededParams } from "../src/findings";
import { errorKey } from "../src/composables/useResource";
import { ApiError } from "../src/api/errors";
import { makeI18n } from "./helpers";

const ROOT = resolve(__dirname, "../..");
const py = (path: string) => readFileSync(resolve(ROOT, path), "utf8");

/** Every finding code compliance.py can write, and the scoring rule codes its direction check passes on. */
function findingCodes(): string[] {
  const compliance = py("chalicelib/indicators/compliance.py");
  const scoring = py("chalicelib/reviews/scoring.py");
  const codes = new Set([...compliance.matchAll(/"(finding\.[a-z_]+)"/g)].map((m) => m[1]));
  for (const m of scoring.matchAll(/"(rule\.[a-z_]+)"/g)) codes.add(m[1]);
  return [...codes].sort();
}

/** The server catalog's templates (both languages) for a code, read from chalicelib/core/messages. */
function catalogTemplate(code: string): string {
  const dir = resolve(ROOT, "chalicelib/core/messages");
  for (const file of readdirSync(dir)) {
    const text = readFileSync(resolve(dir, file), "utf8");
    const at = text.indexOf(`"${code}": (`);
    if (at >= 0) return text.slice(at, text.indexOf("),\n", at));
  }
  return "";
}

const params = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

describe("finding codes", () => {
  const codes = findingCodes();

  it("are read from the Python source", () => {
    expect(codes).toContain("finding.no_target");
    expect(codes).toContain("finding.weights_total");
    expect(codes).toContain("rule.band_inverted");
    expect(codes.length).toBeGreaterThan(20);
  });

  it.each(codes)("%s has a zh-CN and an English text", (code) => {
    const key = findingKey(code).slice("findings.".length);
    const zh = (zhUx.findings as Record<string, string>)[key];
    const en = (enUx.findings as Record<string, string>)[key];
    expect(zh, code).toBeTruthy();
    expect(en, code).toBeTruthy();
    expect(params(en)).toEqual(params(zh));
    // every parameter the client text names is one the server's text has too (same meaning)
    const server = catalogTemplate(code);
    expect(server, `${code} in chalicelib/core/messages`).not.toBe("");
    for (const p of params(zh)) expect(params(server), `${code}: {${p}}`).toContain(p);
  });
});

describe("findingText", () => {
  const zh = makeI18n("zh-CN").global;
  const en = makeI18n("en").global;
  const stored = { "zh-CN": "服务器文本", en: "server text" };
  const subjects = [{ indicator_id: "i1", name: "客户转化率", target: 10, threshold: "6", band_low: null }];

  it("renders a known code in the UI's language with the indicator's own values", () => {
    const f = { code: "finding.no_target", indicator_id: "i1", message: stored };
    expect(findingText(f, zh.t, "zh-CN", subjects)).toBe("“客户转化率”没有目标值");
    expect(findingText(f, en.t, "en", subjects)).toBe("'客户转化率' has no target");
    const rule = { code: "rule.threshold_above_target", indicator_id: "i1", message: stored };
    expect(findingText(rule, zh.t, "zh-CN", subjects)).toBe("越高越好：门槛 6 不能高于目标 10");
  });

  it("takes the set's weight total for the weights finding", () => {
    const f = { code: "finding.weights_total", indicator_id: null, message: stored };
    expect(findingText(f, zh.t, "zh-CN", [], 90.5)).toBe("权重合计为 90.5，应为 100");
  });

  it("falls back to the stored message in the UI's language for an unknown code or a missing value", () => {
    expect(findingText({ code: "finding.brand_new", message: stored }, zh.t, "zh-CN")).toBe("服务器文本");
    expect(findingText({ code: "", message: stored }, en.t, "en")).toBe("server text");
    const f = { code: "rule.band_inverted", indicator_id: "i1", message: stored };
    expect(findingText(f, en.t, "en", subjects)).toBe("server text"); // no band on the screen
    expect(neededParams("rule.band_inverted")).toEqual(["low", "high"]);
  });
});

describe("error codes", () => {
  /** Every error class the API answers with: DomainError subclasses and the gateway's own answers. */
  function errorCodes(): string[] {
    const errors = py("chalicelib/core/errors.py");
    const gateway = py("chalicelib/core/gateway.py");
    const codes = new Set([...errors.matchAll(/^ {4}code = "([a-z_]+)"/gm)].map((m) => m[1]));
    const tuple = gateway.match(/_CODES = \(([^)]*)\)/);
    for (const m of (tuple?.[1] ?? "").matchAll(/"([a-z_]+)"/g)) codes.add(m[1]);
    return [...codes].sort();
  }

  it("are read from the Python source", () => {
    expect(errorCodes()).toEqual(expect.arrayContaining(["not_found", "conflict", "throttled", "unavailable"]));
  });

  it.each(errorCodes())("%s has a zh-CN and an English text, used when the status says nothing more", (code) => {
    expect((zhUx.apiErrors as Record<string, string>)[code], code).toBeTruthy();
    expect((enUx.apiErrors as Record<string, string>)[code], code).toBeTruthy();
    const key = errorKey(new ApiError(400, code, "server text"));
    expect(key).toBe(`apiErrors.${code}`);
    expect(makeI18n("zh-CN").global.t(key)).not.toMatch(/[A-Za-z]{3,}/);
  });

  it("an unknown code falls back to the generic text", () => {
    expect(errorKey(new ApiError(400, "brand_new", "x"))).toBe("common.unknownError");
    expect(errorKey(new ApiError(404, "not_found", "x"))).toBe("common.notFound");
  });
});
