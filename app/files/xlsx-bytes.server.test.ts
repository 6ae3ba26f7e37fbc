import zlib from "node:zlib";
import ExcelJS from "exceljs";
import yauzl from "yauzl";
import { describe, expect, it, vi } from "vitest";
import { readTable } from "./table-file.server";
import { xlsxBytes } from "./xlsx-bytes.server";

/** Each part of a ZIP: how it is stored, and whether its bytes match the checksum the ZIP gives. */
async function zipParts(bytes: Uint8Array) {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true }, (error, z) => (error ? reject(error) : resolve(z))));
  const parts: { name: string; method: number; compressed: number; size: number; crcMatches: boolean }[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      zip.openReadStream(entry, async (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        const data = Buffer.concat(chunks);
        parts.push({ name: entry.fileName, method: entry.compressionMethod, compressed: entry.compressedSize, size: data.length, crcMatches: zlib.crc32(data) === entry.crc32 });
        zip.readEntry();
      });
    });
    zip.on("end", resolve);
    zip.on("error", reject);
    zip.readEntry();
  });
  return parts;
}

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

    const parts = await zipParts(bytes);
    const sheetPart = parts.find((p) => p.name === "xl/worksheets/sheet1.xml")!;
    expect(sheetPart.size).toBeGreaterThan(200_000);
    expect(sheetPart.method).toBe(8);
    expect(sheetPart.compressed).toBeLessThan(sheetPart.size / 5);
    expect(parts.every((p) => p.crcMatches)).toBe(true);

    const table = await readTable(bytes);
    expect(table.headers).toEqual(["ФИО", "Класс", "Отметка"]);
    expect(table.rows.map((r) => r.cells)).toEqual(names.map((row) => row.map(String)));
  });
});
