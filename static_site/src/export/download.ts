/**
 * Export a list the screen has loaded whole (or loads whole first: every page) to an .xlsx file.
 * The writer (./xlsx) is imported on the first export only, so it stays off the first screen.
 */
import type { Sheet } from "./xlsx";

/** "人员-2026-12-08.xlsx": the list's name and today's date, without characters file systems refuse. */
export function fileName(name: string, today = new Date()): string {
  const day = today.toISOString().slice(0, 10);
  return `${name.replace(/[\\/:*?"<>|]/g, " ").trim() || "export"}-${day}.xlsx`;
}

export async function downloadXlsx(sheet: Sheet): Promise<void> {
  const { xlsx } = await import("./xlsx");
  const bytes = xlsx(sheet);
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName(sheet.name);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
