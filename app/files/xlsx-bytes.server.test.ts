import { createRequire } from "node:module";
import zlib from "node:zlib";
import ExcelJS from "exceljs";
import { describe, expect, it, vi } from "vitest";
import { readZip } from "../../tests/pdf";
import { readTable } from "./table-file.server";
import { xlsxBytes } from "./xlsx-bytes.server";

describe("an XLSX written by the registry", () => {
  it("reads back with every value, its parts deflated and their checksums right", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Ведомость");
    sheet.addRow(["ФИО", "Класс", "Отметка"]);
    // Big enough that a part reaches the deflater in several chunks.
    const names = Array.from({ length: 3000 }, (_, i) => [`Семёнова-О'Нил Алёна ${i}`, `${5 + (i % 7)}Б`, 2 + (i % 4)]);
    for (const row of names) sheet.addRow(row);
    const nativeDeflate = vi.spyOn(zlib, "deflateRawSync");
    const bytes = await xlsxBytes(book);
    // Each part went through Node's zlib, not JSZip's pako.
    expect(nativeDeflate.mock.calls.length).toBeGreaterThanOrEqual(5);
    nativeDeflate.mockRestore();

    const parts = await readZip(bytes);
    const sheetPart = parts.find((p) => p.name === "xl/worksheets/sheet1.xml")!;
    expect(sheetPart.bytes.length).toBeGreaterThan(200_000);
    expect(sheetPart.method).toBe(8);
    expect(sheetPart.compressedSize).toBeLessThan(sheetPart.bytes.length / 5);
    expect(parts.every((p) => zlib.crc32(p.bytes) === p.crc32)).toBe(true);

    const table = await readTable(bytes);
    expect(table.headers).toEqual(["ФИО", "Класс", "Отметка"]);
    expect(table.rows.map((r) => r.cells)).toEqual(names.map((row) => row.map(String)));
  });

  it("gives cells with equal styles one style: the same file as exceljs alone writes, each style turned into XML once", async () => {
    const at = new Date("2026-06-30T00:00:00Z");
    // Numbers, texts and dates, in bold, italic, turned and plain: a summary's mixture.
    const made = () => {
      const book = new ExcelJS.Workbook();
      book.created = book.modified = at;
      const sheet = book.addWorksheet("Сводная ведомость");
      sheet.addRow(["Сводная ведомость 5А класса"]).font = { bold: true, size: 13 };
      const header = sheet.addRow(["№", "Обучающийся", "Алгебра", "Русский язык", "Дата"]);
      header.font = { bold: true };
      header.alignment = { textRotation: 90, vertical: "bottom" };
      header.getCell(2).alignment = { vertical: "bottom" };
      for (let i = 0; i < 300; i++) sheet.addRow([i + 1, `Ёлкина-д'Арк Мария ${i}`, 2 + (i % 4), i % 5 === 0 ? "н/а" : 5, at]);
      sheet.addRow(["", "Средний балл", 3.9, 4.2]).font = { italic: true };
      sheet.getColumn(5).numFmt = "dd.mm.yyyy";
      return book;
    };
    const stylesXform = createRequire(require.resolve("exceljs"))("./lib/xlsx/xform/style/styles-xform.js") as { prototype: { _addStyle: (style: unknown) => number } };
    const styleToXml = vi.spyOn(stylesXform.prototype, "_addStyle");
    const ours = await readZip(await xlsxBytes(made()));
    const stylesTurnedToXml = styleToXml.mock.calls.length;
    styleToXml.mockRestore();
    const plain = await readZip(new Uint8Array(await made().xlsx.writeBuffer()));

    expect(ours.map((p) => [p.name, p.bytes.toString("utf8")])).toEqual(plain.map((p) => [p.name, p.bytes.toString("utf8")]));
    // ~300 rows, ~1,500 cells, a handful of distinct styles: without sharing, one call per row and per cell.
    expect(stylesTurnedToXml).toBeLessThan(30);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(Buffer.from(await xlsxBytes(made())) as unknown as ArrayBuffer);
    const sheet = back.getWorksheet("Сводная ведомость")!;
    expect(sheet.getCell("B2").font?.bold).toBe(true);
    expect(sheet.getCell("C2").alignment?.textRotation).toBe(90);
    expect(sheet.getCell("E3").numFmt).toBe("dd.mm.yyyy");
    expect(sheet.getCell("C303").font?.italic).toBe(true);
    expect(sheet.getCell("C3").font?.bold).toBeUndefined();
  });
});
