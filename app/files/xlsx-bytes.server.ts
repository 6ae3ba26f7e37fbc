// Every XLSX the registry writes goes through xlsxBytes. exceljs zips a workbook with JSZip, which
// deflates each part with its own copy of pako, in JavaScript: most of the time of a small sheet,
// and of the yearly archive's registers. The same raw deflate from Node's native zlib takes a
// fraction of it; JSZip still computes the checksums and writes the ZIP around it. (Each part is
// deflated in one go rather than 16 KB at a time: an audit export's biggest part blocks the
// process for tens of milliseconds instead of a few hundred spread out.)
import { createRequire } from "node:module";
import zlib from "node:zlib";
import type ExcelJS from "exceljs";

// The JSZip exceljs itself loads, and the pako that copy uses.
const require = createRequire(import.meta.url);
const exceljsRequire = createRequire(require.resolve("exceljs"));
const jszipPako = createRequire(exceljsRequire.resolve("jszip"))("pako") as { Deflate: new (options: DeflateOptions) => PakoDeflate };
if (typeof jszipPako.Deflate !== "function") throw new Error("JSZip без pako.Deflate: проверьте версию exceljs");
const PakoDeflate = jszipPako.Deflate;

interface DeflateOptions {
  raw: boolean;
  level: number;
}
/** pako's streaming Deflate as JSZip drives it: chunks pushed, the last push ends it, onData gets the result. */
interface PakoDeflate {
  onData: (data: Uint8Array) => void;
  push(data: Uint8Array | number[], last: boolean): boolean;
}

class NativeDeflate implements PakoDeflate {
  private readonly chunks: Uint8Array[] = [];
  onData: (data: Uint8Array) => void = () => undefined;
  constructor(private readonly options: DeflateOptions) {}
  push(data: Uint8Array | number[], last: boolean) {
    if (data.length > 0) this.chunks.push(data instanceof Uint8Array ? data : Uint8Array.from(data));
    if (!last) return true;
    const whole = Buffer.concat(this.chunks);
    this.chunks.length = 0;
    let deflated: Uint8Array;
    try {
      deflated = (this.options.raw ? zlib.deflateRawSync : zlib.deflateSync)(whole, { level: this.options.level });
    } catch {
      // Options zlib refuses (never exceljs's): pako, as before.
      const pako = new PakoDeflate(this.options);
      pako.onData = this.onData;
      return pako.push(whole, true);
    }
    this.onData(deflated);
    return true;
  }
}
jszipPako.Deflate = NativeDeflate;

/**
 * Rows and cells with equal styles are given one style object: exceljs gives each row and cell a
 * style object of its own and, writing, turns every one into XML to find its number in the
 * workbook's styles — unless it has met that very object before. The same styles and numbers come out.
 */
function shareStyles(workbook: ExcelJS.Workbook) {
  const shared = new Map<string, Partial<ExcelJS.Style>>();
  const same = (style: Partial<ExcelJS.Style>, valueType: string) => {
    // A style's number also depends on the type of the value (a number gets the «General» format).
    const key = `${valueType}:${JSON.stringify(style)}`;
    const known = shared.get(key);
    if (known) return known;
    shared.set(key, style);
    return style;
  };
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) => {
      const styled = row as unknown as { style: Partial<ExcelJS.Style> }; // there, though exceljs's types omit it
      styled.style = same(styled.style, "row");
      row.eachCell((cell) => void (cell.style = same(cell.style, String(cell.effectiveType))));
    }),
  );
}

/** The workbook as the bytes of an XLSX file: the last thing done to it (its cells may share styles after). */
export async function xlsxBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array<ArrayBuffer>> {
  shareStyles(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
