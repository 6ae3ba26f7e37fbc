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

/** The workbook as the bytes of an XLSX file. */
export async function xlsxBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
