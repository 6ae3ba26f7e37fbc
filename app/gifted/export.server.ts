// The register's list for submission as XLSX: who qualifies in a school year and on which line of
// the list, one row per qualifying result.
import ExcelJS from "exceljs";
import { xlsxBytes } from "~/files/xlsx-bytes.server";
import { LEVEL } from "~models/vocabulary/achievement-kinds";
import type { QualifyingRow } from "./eligibility.server";

export async function qualifyingWorkbook({ schoolName, year, rows }: { schoolName: string; year: string; rows: QualifyingRow[] }): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("ГИР");
  sheet.addRow([`${schoolName}: обучающиеся, проходящие в ГИР, ${year} учебный год`]).font = { bold: true, size: 13 };
  sheet.addRow([]);
  sheet.addRow(["№", "Класс", "Обучающийся", "Результат", "Дата", "Мероприятие по перечню", "Профиль", "Уровень", "Организатор", "Основание"]).font = { bold: true };
  rows.forEach((r, i) => sheet.addRow([i + 1, r.className, r.student, r.achievement, r.date, r.entry.event, r.entry.profile, r.entry.level ? LEVEL[r.entry.level] : "", r.entry.organiser, r.entry.act]));
  sheet.getColumn(5).numFmt = "dd.mm.yyyy";
  [5, 8, 36, 50, 12, 40, 16, 16, 24, 40].forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  return await xlsxBytes(workbook);
}
