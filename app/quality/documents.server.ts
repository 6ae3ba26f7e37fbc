// The quality report as PDF (landscape A4) and XLSX, from the same tables as the page.
import ExcelJS from "exceljs";
import { xlsxBytes } from "~/files/xlsx-bytes.server";
import { PdfWriter } from "~/documents/pdf-kit.server";
import { formatDateTime } from "~/domain/format";
import { reportTables, type ReportData } from "./tables";

const titleOf = (report: ReportData) => `Внутришкольный мониторинг качества образования: ${report.periodLabel}, ${report.year} учебный год`;

export async function qualityPdf(report: ReportData, schoolName: string): Promise<Uint8Array<ArrayBuffer>> {
  const title = titleOf(report);
  const pdf = await PdfWriter.create({ title, subject: title, author: schoolName, landscape: true });
  pdf.text(schoolName, { size: 9, muted: true });
  pdf.heading(title, 2);
  for (const table of reportTables(report)) {
    pdf.heading(table.title, 3);
    pdf.text(table.note, { size: 8, muted: true, after: 4 });
    if (table.rows.length === 0) {
      pdf.text("Нет данных за этот период.", { size: 8.5 });
      continue;
    }
    const totals = table.totals ?? 0;
    pdf.table(
      table.header.map((header, i) => ({ header, width: i === 0 ? 3 : 1.6, align: i === 0 ? ("left" as const) : ("center" as const) })),
      table.rows.map((row) => row.map((cell) => cell.text)),
      { size: 7.5, emphasis: (i) => i >= table.rows.length - totals },
    );
  }
  return pdf.finish(`${title} · сформировано ${formatDateTime(new Date())}`);
}

const numberFormat = (digits = 1) => (digits === 0 ? "0" : `0.${"0".repeat(digits)}`);

/**
 * The spreadsheet holds numbers, not the page's words: a share as a percent cell, a count or a mean
 * as a number, and each change (to the period before, to last year) in a column of its own.
 */
export async function qualityWorkbook(report: ReportData): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  for (const table of reportTables(report)) {
    const sheet = workbook.addWorksheet(table.title.slice(0, 31));
    sheet.addRow([titleOf(report)]).font = { bold: true };
    sheet.addRow([table.note]).font = { italic: true };
    sheet.addRow([]);
    const columns = table.header.map((header, j) => ({
      header,
      change: table.rows.some((r) => r[j]?.change !== undefined),
      lastYear: table.rows.some((r) => r[j]?.lastYear !== undefined),
      percent: table.rows.some((r) => r[j]?.percent),
    }));
    sheet.addRow(
      columns.flatMap((c) => [c.header, ...(c.change ? [`${c.header}: изменение к предыдущему${c.percent ? ", п. п." : ""}`] : []), ...(c.lastYear ? [`${c.header}: изменение к прошлому году${c.percent ? ", п. п." : ""}`] : [])]),
    ).font = { bold: true };
    for (const row of table.rows) {
      const cells: { value: string | number | null; format?: string }[] = [];
      row.forEach((cell, j) => {
        const number = cell.value === undefined ? undefined : cell.value;
        if (number === undefined) cells.push({ value: cell.text });
        else if (number === null) cells.push({ value: null });
        else cells.push(cell.percent ? { value: number / 100, format: `${numberFormat(cell.digits)}%` } : { value: number, format: numberFormat(cell.digits) });
        const signed = `+${numberFormat(cell.digits)};−${numberFormat(cell.digits)};0`;
        if (columns[j].change) cells.push({ value: cell.change ?? null, format: signed });
        if (columns[j].lastYear) cells.push({ value: cell.lastYear ?? null, format: signed });
      });
      const added = sheet.addRow(cells.map((c) => c.value));
      cells.forEach((c, i) => {
        if (c.format) added.getCell(i + 1).numFmt = c.format;
      });
    }
    sheet.getColumn(1).width = 40;
    for (let i = 2; i <= sheet.columnCount; i++) sheet.getColumn(i).width = 18;
  }
  return await xlsxBytes(workbook);
}
