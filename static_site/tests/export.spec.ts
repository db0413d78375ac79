import { describe, expect, it } from "vitest";
import { columnName, crc32, sheetName, xlsx } from "../src/export/xlsx";
import { fileName } from "../src/export/download";
import { leaveSheet, peopleSheet, tasksSheet } from "../src/export/sheets";
import { makeI18n } from "./helpers";
import type { Task } from "../src/api/types";

/** The entries of a zip of stored files, each checked against its CRC-32. */
function unzip(bytes: Uint8Array): Record<string, string> {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Record<string, string> = {};
  let at = 0;
  while (v.getUint32(at, true) === 0x04034b50) {
    expect(v.getUint16(at + 8, true)).toBe(0); // stored
    const crc = v.getUint32(at + 14, true);
    const size = v.getUint32(at + 18, true);
    const nameLength = v.getUint16(at + 26, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 30, at + 30 + nameLength));
    const data = bytes.subarray(at + 30 + nameLength, at + 30 + nameLength + size);
    expect(crc32(data), name).toBe(crc);
    out[name] = new TextDecoder().decode(data);
    at += 30 + nameLength + size;
  }
  expect(v.getUint32(bytes.length - 22, true)).toBe(0x06054b50); // end of central directory
  expect(v.getUint16(bytes.length - 22 + 10, true)).toBe(Object.keys(out).length);
  return out;
}

describe("the xlsx writer", () => {
  it("writes a zip of the five parts with a frozen header row, numbers as numbers and text escaped", () => {
    const files = unzip(xlsx({ name: "人员/名单", columns: ["工号", "姓名", "权重"], rows: [["E001", "王芳 <&>", 40.5], ["E002", null, 0]] }));
    expect(Object.keys(files).sort()).toEqual(
      ["[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"].sort(),
    );
    const sheet = files["xl/worksheets/sheet1.xml"];
    expect(sheet).toContain('<c r="A1" t="inlineStr"><is><t xml:space="preserve">工号</t></is></c>');
    expect(sheet).toContain("王芳 &lt;&amp;&gt;");
    expect(sheet).toContain('<c r="C2"><v>40.5</v></c>');
    expect(sheet).toContain('<c r="C3"><v>0</v></c>');
    expect(sheet).not.toContain('r="B3"'); // an empty cell is left out
    expect(sheet).toContain('state="frozen"');
    expect(files["xl/workbook.xml"]).toContain('name="人员 名单"');
  });

  it("computes the standard CRC-32 and Excel's column letters and sheet names", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(["A", "Z", "AA", "AB", "ZZ", "AAA"]);
    expect(sheetName("a".repeat(40))).toHaveLength(31);
    expect(sheetName("[]")).toBe("Sheet1");
  });

  it("names the file after the list and the day", () => {
    expect(fileName("人员: 名单", new Date("2026-12-08T03:00:00Z"))).toBe("人员  名单-2026-12-08.xlsx");
  });
});

describe("what the lists export", () => {
  const zh = makeI18n("zh-CN").global;
  const t = (k: string, p?: Record<string, unknown>) => zh.t(k, p ?? {});

  it("names people, units and states, never ids", () => {
    const task = { task_id: "t1", title: "整理客户名单", assignee_id: "p1", deadline: "2026-12-20", status: "in_progress",
      checklist: [{ text: "a", done: true }, { text: "b", done: false }] } as unknown as Task;
    const sheet = tasksSheet([task], t, (id) => (id === "p1" ? "王芳" : ""));
    expect(sheet.columns).toEqual(["名称", "负责人", "截止日期", "状态", "检查清单"]);
    expect(sheet.rows).toEqual([["整理客户名单", "王芳", "2026-12-20", "进行中", "1/2"]]);
  });

  it("writes people with their unit, position and account roles", () => {
    const sheet = peopleSheet(
      [{ person_id: "p1", name: "王芳", unit_id: "u1", position_id: "j1", employee_no: "E001", email: "w@x.cn" } as never],
      t, () => "销售部", () => "客户经理", () => "员工",
    );
    expect(sheet.rows).toEqual([["E001", "王芳", "销售部", "客户经理", "w@x.cn", "员工"]]);
  });

  it("writes leave requests in the UI's language with amounts as numbers", () => {
    const sheet = leaveSheet([{ leave_type: "annual", start: "2026-12-01", end: "2026-12-02", start_half: "am", end_half: "pm",
      amount: 2, unit: "day", reason: "探亲", status: "approved" } as never], t, () => "年假");
    expect(sheet.rows[0][0]).toBe("年假");
    expect(sheet.rows[0][3]).toBe(2);
    expect(sheet.rows[0][4]).toBe("已批准");
  });
});

describe("the director's department table", () => {
  it("exports every department with completion as a number and counts per state", async () => {
    const { rolloutSheet } = await import("../src/export/sheets");
    const zh = makeI18n("zh-CN").global;
    const t = (k: string, p?: Record<string, unknown>) => zh.t(k, p ?? {});
    const sheet = rolloutSheet(
      [{ unit_id: "u1", name: "销售部", people: 12, completion: 0.58333, late: true, due_date: null, compliance_problems: 1, score: null,
        counts: { not_started: 2, drafting: 1, in_review: 2, returned: 0, approved: 4, confirmed: 3 } }],
      t, ["not_started", "confirmed"],
    );
    expect(sheet.columns).toEqual([t("rollout.department"), "人数", t("rollout.completion"), "未开始", "已确认", t("rollout.compliance")]);
    expect(sheet.rows).toEqual([["销售部", 12, 0.5833, 2, 3, 1]]);
  });
});
