import { describe, expect, it, vi } from "vitest";
import { ApiError, placeFieldErrors, toApiError } from "../src/api/errors";
import { ApiClient } from "../src/api/client";
import { i18n, labelled } from "../src/i18n";
import { scriptedFetch } from "./helpers";

describe("toApiError", () => {
  it("maps the error envelope with field details", () => {
    const e = toApiError(400, {
      error: {
        code: "invalid",
        message: "请求无效",
        details: [
          { field: "items.1.weight", message: "必须大于 0" },
          { field: "period", message: "必填" },
        ],
      },
    });
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(400);
    expect(e.code).toBe("invalid");
    expect(e.message).toBe("请求无效");
    expect(e.fieldErrors()).toEqual({ "items.1.weight": "必须大于 0", period: "必填" });
    expect(e.fieldErrorsUnder("items.1")).toEqual({ weight: "必须大于 0" });
  });

  it("joins several messages for the same field", () => {
    const e = toApiError(400, {
      error: { code: "invalid", message: "x", details: [{ field: "a", message: "one" }, { field: "a", message: "two" }] },
    });
    expect(e.fieldErrors().a).toBe("one；two");
  });

  it("keeps API Gateway's own 403 (no envelope) a plain forbidden with its message", () => {
    const e = toApiError(403, { message: "Missing Authentication Token" });
    expect(e.isForbidden).toBe(true);
    expect(e.code).toBe("http_403");
    expect(e.message).toBe("Missing Authentication Token");
  });

  it("reads an enveloped 404 as a missing record", () => {
    const e = toApiError(404, { error: { code: "not_found", message: "unit not found" } });
    expect(e.isNotFound).toBe(true);
    expect(e.code).toBe("not_found");
  });
});

describe("toApiError codes", () => {
  it("keeps each detail's code beside its message", () => {
    const e = toApiError(409, {
      error: {
        code: "conflict",
        message: "数据刚被他人同时修改，请重试",
        details: [{ field: "entries", code: "actuals.concurrent", message: "数据刚被他人同时修改，请重试" }],
      },
    });
    expect(e.details).toEqual([{ field: "entries", code: "actuals.concurrent", message: "数据刚被他人同时修改，请重试" }]);
    expect(e.detailWith("actuals.key_used", "actuals.concurrent")?.field).toBe("entries");
    expect(e.detailWith("actuals.frozen")).toBeUndefined();
  });

  it("gives a detail without a code an empty one", () => {
    const e = toApiError(400, { error: { code: "invalid", message: "x", details: [{ field: "a", message: "必填" }] } });
    expect(e.details[0]).toEqual({ field: "a", code: "", message: "必填" });
  });
});

describe("placeFieldErrors", () => {
  it("puts known fields next to inputs and never drops the others, without showing a raw field path", () => {
    const e = toApiError(409, {
      error: {
        code: "conflict",
        message: "该邮箱已注册落地账号",
        details: [
          { field: "email", code: "account.email_taken", message: "该邮箱已注册落地账号" },
          { field: "person_ids", code: "set.no_assignees", message: "方案还没有适用人员" },
        ],
      },
    });
    const out = placeFieldErrors(e, (f) => (f === "email" ? "admin_email" : null));
    expect(out.fields).toEqual({ admin_email: "该邮箱已注册落地账号" });
    expect(out.rest).toEqual(["方案还没有适用人员"]);
  });

  it("names a field the form does not show in the UI's language", () => {
    const e = toApiError(400, {
      error: {
        code: "invalid",
        message: "公式有 1 处问题",
        details: [
          { field: "indicators.0.formula", code: "formula.unknown_measures", message: "未定义的指标项：x" },
          { field: "rows[3].nickname", code: "import.unknown_column", message: "不认识的列" },
        ],
      },
    });
    i18n.global.locale.value = "zh-CN";
    expect(placeFieldErrors(e, () => null, labelled).rest).toEqual(["公式：未定义的指标项：x", "不认识的列"]);
    i18n.global.locale.value = "en";
    expect(labelled("indicators.0.formula", "Unknown measure(s): x")).toBe("Formula: Unknown measure(s): x");
    expect(labelled("person_ids.2", "no such person")).toBe("People: no such person");
    i18n.global.locale.value = "zh-CN";
  });

  it("uses the message when there are no details", () => {
    const e = toApiError(409, { error: { code: "conflict", message: "stale version", details: [] } });
    expect(placeFieldErrors(e, () => null)).toEqual({ fields: {}, rest: ["stale version"] });
  });
});

describe("ApiClient", () => {
  const base = () => "http://api.test";

  it("asks the API to answer in the UI's language on every call", async () => {
    const f = scriptedFetch([
      { path: "/me", body: {} },
      { method: "POST", path: "/collab/tasks", status: 201, body: {} },
    ]);
    let locale = "zh-CN";
    const c = new ApiClient({ baseUrl: base, locale: () => locale, fetchImpl: f.fetch });
    await c.get("/me");
    locale = "en";
    await c.post("/collab/tasks", { title: "x" });
    expect(f.calls.map((call) => call.headers["Accept-Language"])).toEqual(["zh-CN", "en"]);
  });

  it("the app's client follows the locale the user picked", async () => {
    const { client } = await import("../src/api");
    const seen: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      seen.push((init?.headers as Record<string, string>)["Accept-Language"]);
      return new Response("{}", { status: 200 });
    }) as typeof fetch;
    try {
      i18n.global.locale.value = "en";
      await client.get("/health", undefined, { auth: false });
      i18n.global.locale.value = "zh-CN";
      await client.get("/health", undefined, { auth: false });
    } finally {
      globalThis.fetch = original;
    }
    expect(seen).toEqual(["en", "zh-CN"]);
  });

  it("sends the bearer token and JSON body", async () => {
    const f = scriptedFetch([{ method: "POST", path: "/org/units", status: 201, body: { unit_id: "u1" } }]);
    const c = new ApiClient({ baseUrl: base, getToken: async () => "tok", fetchImpl: f.fetch });
    const out = await c.post<{ unit_id: string }>("/org/units", { name: "销售部" });
    expect(out.unit_id).toBe("u1");
    expect(f.calls[0].headers.Authorization).toBe("Bearer tok");
    expect(f.calls[0].body).toEqual({ name: "销售部" });
  });

  it("omits empty query parameters", async () => {
    const f = scriptedFetch([{ path: "/indicators/library", body: { items: [] } }]);
    const c = new ApiClient({ baseUrl: base, fetchImpl: f.fetch });
    await c.get("/indicators/library", { category: undefined, q: "", page: 2 });
    expect(f.calls[0].url).toBe("http://api.test/indicators/library?page=2");
  });

  it("throws a typed ApiError with details on 400", async () => {
    const f = scriptedFetch([
      {
        method: "POST",
        path: "/signup",
        status: 400,
        body: { error: { code: "invalid", message: "bad", details: [{ field: "admin_email", message: "邮箱格式不正确" }] } },
      },
    ]);
    const c = new ApiClient({ baseUrl: base, fetchImpl: f.fetch });
    const err = await c.post("/signup", {}).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).fieldErrors()).toEqual({ admin_email: "邮箱格式不正确" });
  });

  it("calls onUnauthorized on 401", async () => {
    const f = scriptedFetch([{ path: "/me", status: 401, body: { error: { code: "unauthorized", message: "no" } } }]);
    const onUnauthorized = vi.fn();
    const c = new ApiClient({ baseUrl: base, fetchImpl: f.fetch, onUnauthorized });
    await expect(c.get("/me")).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it("turns a network failure into status 0", async () => {
    const c = new ApiClient({
      baseUrl: base,
      fetchImpl: (async () => {
        throw new TypeError("Failed to fetch");
      }) as unknown as typeof fetch,
    });
    const err = (await c.get("/health").catch((e) => e)) as ApiError;
    expect(err.isNetwork).toBe(true);
  });

  it("reports a failed fetch as a network error, for reads and writes alike", async () => {
    const failing = (async () => {
      throw new TypeError("Failed to fetch");
    }) as unknown as typeof fetch;
    const c = new ApiClient({ baseUrl: base, fetchImpl: failing });
    expect(((await c.get("/x").catch((e) => e)) as ApiError).isNetwork).toBe(true);
    expect(((await c.post("/x", {}).catch((e) => e)) as ApiError).isNetwork).toBe(true);
  });

  it("survives a non-JSON error body", async () => {
    const c = new ApiClient({
      baseUrl: base,
      fetchImpl: (async () => new Response("<html>Bad gateway</html>", { status: 502 })) as unknown as typeof fetch,
    });
    const err = (await c.get("/x").catch((e) => e)) as ApiError;
    expect(err.status).toBe(502);
    expect(err.code).toBe("http_502");
  });
});

describe("errorKey", () => {
  it("names the app's own message for each kind of failure, in both languages", async () => {
    const { errorKey } = await import("../src/composables/useResource");
    const { makeI18n } = await import("./helpers");
    const cases: Array<[ApiError, string]> = [
      [new ApiError(0, "network", "Failed to fetch"), "common.networkError"],
      [new ApiError(403, "forbidden", "x"), "common.forbidden"],
      [new ApiError(404, "not_found", "x"), "common.notFound"],
      [new ApiError(409, "conflict", "x"), "common.conflict"],
      [new ApiError(429, "throttled", "x"), "common.busy"],
      [new ApiError(503, "unavailable", "x"), "common.busy"],
      [new ApiError(500, "internal_error", "x"), "apiErrors.internal_error"],
      [new ApiError(500, "http_500", "x"), "common.unknownError"],
    ];
    for (const [error, key] of cases) {
      expect(errorKey(error)).toBe(key);
      for (const locale of ["zh-CN", "en"] as const) expect(makeI18n(locale).global.t(key)).not.toBe(key);
    }
    expect(makeI18n("zh-CN").global.t("common.networkError")).not.toMatch(/[A-Za-z]{3,}/);
  });
});
