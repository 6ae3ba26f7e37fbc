// The filtered audit log as a spreadsheet: one row per line, the moment a real date cell on the
// school's clock, each change in words.
import ExcelJS from "exceljs";
import { xlsxBytes } from "~/files/xlsx-bytes.server";
import { changeText } from "~/domain/audit-change";
import { schoolWallClock } from "~/domain/format";
import type { auditLines } from "./audit-view.server";

type Lines = Awaited<ReturnType<typeof auditLines>>["lines"];

export async function auditWorkbook({ title, lines }: { title: string; lines: Lines }): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Журнал");
  sheet.addRow([title]).font = { bold: true, size: 13 };
  sheet.addRow([]);
  sheet.addRow(["Когда", "Кто", "Действие", "Что", "Изменения", "Обучающийся", "Адрес"]).font = { bold: true };
  for (const l of lines) sheet.addRow([schoolWallClock(new Date(l.at)), l.who, l.action, l.what, changeText(l.changes), l.student, l.ip]);
  sheet.getColumn(1).numFmt = "dd.mm.yyyy hh:mm:ss";
  [20, 32, 18, 60, 60, 32, 16].forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  sheet.views = [{ state: "frozen", ySplit: 3 }];
  return await xlsxBytes(workbook);
}
