// Every XLSX the registry writes goes through xlsxBytes. exceljs zips a workbook with JSZip, which
// deflates each part with its own copy of pako, in JavaScript: most of the time of a small sheet,
// and of the yearly archive's registers. The same raw deflate from Node's native zlib takes a
// fraction of it; JSZip still computes the checksums and writes the ZIP around it.
import { createRequire } from "node:module";
import zlib from "node:zlib";
import type ExcelJS from "exceljs";

const require = createRequire(import.meta.url);
const jszipPako = createRequire(require.resolve("jszip"))("pako") as { Deflate: unknown };

/** pako's streaming Deflate as JSZip drives it: chunks pushed, the last push ends it, onData gets the result. */
class NativeDeflate {
  private readonly chunks: Uint8Array[] = [];
  onData: (data: Uint8Array) => void = () => undefined;
  constructor(private readonly options: { raw: boolean; level: number }) {}
  push(data: Uint8Array | number[], last: boolean) {
    if (data.length > 0) this.chunks.push(data instanceof Uint8Array ? data : Uint8Array.from(data));
    if (!last) return true;
    const whole = Buffer.concat(this.chunks);
    this.chunks.length = 0;
    const deflate = this.options.raw ? zlib.deflateRawSync : zlib.deflateSync;
    this.onData(deflate(whole, { level: this.options.level }));
    return true;
  }
}
jszipPako.Deflate = NativeDeflate;

/** The workbook as the bytes of an XLSX file. */
export async function xlsxBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
