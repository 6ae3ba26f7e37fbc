// Reads a spreadsheet a school sends: XLSX (by its bytes, whatever the name), or CSV in UTF-8
// or Windows-1251 with «;» or «,» between fields, as Russian Excel and journal systems save them.
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { RefusedByRule } from "~/http/refusals";

/** A file that is not a readable table is refused beside the form's file field. */
const refused = (message: string) => new RefusedByRule(message, "file");


export interface Table {
  headers: string[];
  /** Data rows with their row number in the file (1 is the header row). */
  rows: { row: number; cells: string[] }[];
}

/** One problem a file's check found: its row (1 is the header row), column and reason. */
export interface FileProblem {
  row: number;
  column: string;
  message: string;
}

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

function decodeText(bytes: Uint8Array): string {
  const utf8 = new TextDecoder("utf-8", { fatal: false }).decode(bytes).replace(/^\uFEFF/, "");
  if (!utf8.includes("\uFFFD")) return utf8;
  return new TextDecoder("windows-1251").decode(bytes);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value) return String(value.text);
    if ("result" in value) return value.result === undefined || value.result === null ? "" : String(value.result);
    return "";
  }
  return String(value);
}

export const MAX_TABLE_ROWS = 5_000;

/**
 * The separator of a CSV, from its header line: the one of «;», «,» and tab that occurs most
 * outside quotes («;» when none does, as Russian Excel saves). Guessing from the header alone keeps
 * a short file with an empty last line from being read as one column.
 */
export function delimiterOf(text: string): string {
  const header = (text.split(/\r?\n/).find((line) => line.trim() !== "") ?? "").replace(/"[^"]*"/g, "");
  const count = (d: string) => header.split(d).length - 1;
  return [";", ",", "\t"].reduce((best, d) => (count(d) > count(best) ? d : best), ";");
}

export async function readTable(bytes: Uint8Array): Promise<Table> {
  if (bytes.length === 0) throw refused("Файл пустой");
  let matrix: string[][];
  if (isZip(bytes)) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    } catch {
      throw refused("Файл повреждён или это не таблица XLSX");
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw refused("В книге нет ни одного листа");
    matrix = [];
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      if (number > MAX_TABLE_ROWS + 1) return;
      const values = (row.values as ExcelJS.CellValue[]).slice(1);
      matrix[number - 1] = values.map(cellText);
    });
    for (let i = 0; i < matrix.length; i++) matrix[i] ??= [];
  } else {
    const text = decodeText(bytes);
    if (/[\u0000-\u0008\u000E-\u001F]/.test(text.slice(0, 4096))) throw refused("Это не таблица: ожидается XLSX или CSV");
    const parsed = Papa.parse<string[]>(text, { delimiter: delimiterOf(text), skipEmptyLines: false });
    matrix = parsed.data;
  }
  const [header, ...rest] = matrix;
  if (!header || header.every((h) => !h.trim())) throw refused("В первой строке нет заголовков столбцов");
  if (rest.length > MAX_TABLE_ROWS) throw refused(`Слишком много строк: больше ${MAX_TABLE_ROWS}`);
  return {
    // One spelling of each letter: a «й» or «ё» typed as a letter and a combining mark reads as the letter.
    headers: header.map((h) => h.normalize("NFC").trim()),
    rows: rest
      .map((cells, index) => ({ row: index + 2, cells: cells.map((c) => String(c ?? "").normalize("NFC").trim()) }))
      .filter((r) => r.cells.some((c) => c !== "")),
  };
}

/** Header text compared the way people write it: case, spaces, ё/е and trailing dots ignored. */
export const headerKey = (header: string) => header.toLocaleLowerCase("ru").replaceAll("ё", "е").replace(/[\s.*]+/g, " ").trim();
