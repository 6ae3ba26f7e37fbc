// The quality report as PDF (landscape A4) and XLSX, from the same tables as the page.
import ExcelJS from "exceljs";
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
      table.rows,
      { size: 7.5, emphasis: (i) => i >= table.rows.length - totals },
    );
  }
  return pdf.finish(`${title} · сформировано ${formatDateTime(new Date())}`);
}

export async function qualityWorkbook(report: ReportData): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  for (const table of reportTables(report)) {
    const sheet = workbook.addWorksheet(table.title.slice(0, 31));
    sheet.addRow([titleOf(report)]).font = { bold: true };
    sheet.addRow([table.note]).font = { italic: true };
    sheet.addRow([]);
    sheet.addRow(table.header).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
    sheet.getColumn(1).width = 40;
    for (let i = 2; i <= table.header.length; i++) sheet.getColumn(i).width = 22;
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
