// The class summary as an XLSX sheet: the same rows and the same measures as the page (both come
// from classSummary), with numbers as numbers so the school can compute further.
import ExcelJS from "exceljs";
import { xlsxBytes } from "~/files/xlsx-bytes.server";
import { markLabel } from "~/domain/marks";
import { formatPlan, type SubjectMeasures } from "~/domain/measures";
import type { ClassSummary } from "./summary.server";

const round = (value: number | null, digits: number) => (value === null ? "—" : Math.round(value * 10 ** digits) / 10 ** digits);

export async function summaryWorkbook(summary: ClassSummary, title: string): Promise<Uint8Array<ArrayBuffer>> {
  return xlsxBytes(summarySheet(summary, title));
}

/** The workbook itself, for those who write it their own way (the yearly archive fixes its dates). */
export function summarySheet(summary: ClassSummary, title: string) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Сводная ведомость");
  sheet.addRow([title]).font = { bold: true, size: 13 };
  sheet.addRow([]);
  const header = sheet.addRow(["№", "Обучающийся", ...summary.subjects.map((s) => s.name), "Пропущено уроков", "Без уважительной причины"]);
  header.font = { bold: true };
  header.alignment = { textRotation: 90, vertical: "bottom" };
  header.getCell(2).alignment = { vertical: "bottom" };
  summary.students.forEach((student, i) => {
    sheet.addRow([i + 1, student.name, ...student.marks.map((m) => (m === null ? "" : typeof m === "number" ? m : markLabel(m))), student.absences ?? "", student.unexcused ?? ""]);
  });
  const measureRows: [string, (m: SubjectMeasures) => number | string][] = [
    ["Средний балл", (m) => round(m.average, 2)],
    ["Успеваемость, %", (m) => round(m.successRate, 1)],
    ["Качество знаний, %", (m) => round(m.quality, 1)],
    ["СОУ, %", (m) => round(m.sou, 1)],
  ];
  for (const [label, value] of measureRows) {
    sheet.addRow(["", label, ...summary.subjects.map((s) => value(s.measures))]).font = { italic: true };
  }
  if (summary.subjects.some((s) => s.plan)) {
    sheet.addRow(["", "Проведено уроков из запланированных", ...summary.subjects.map((s) => formatPlan(s.plan))]).font = { italic: true };
  }
  sheet.addRow([]);
  sheet.addRow(["", "По классу: успеваемость, %", round(summary.measures.successRate, 1)]);
  sheet.addRow(["", "По классу: качество знаний, %", round(summary.measures.quality, 1)]);
  sheet.addRow(["", "По классу: средний балл", round(summary.measures.average, 2)]);
  sheet.getColumn(2).width = 38;
  sheet.views = [{ state: "frozen", xSplit: 2, ySplit: 3 }];
  return workbook;
}
