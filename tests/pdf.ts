// Reading the documents the app makes with the tools a person would use: poppler's pdftotext and
// pdftoppm (Debian's poppler-utils), and yauzl for ZIP archives.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import yauzl from "yauzl";

function withTempFile<T>(bytes: Uint8Array, use: (file: string, dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "registry-pdf-"));
  try {
    const file = path.join(dir, "document.pdf");
    fs.writeFileSync(file, bytes);
    return use(file, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF as pdftotext reads it, whitespace collapsed. */
export const pdfText = (bytes: Uint8Array) => withTempFile(bytes, (file) => execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " "));

/** Renders every page with pdftoppm: the number of pages drawn and whatever poppler complained about. */
export function renderPdf(bytes: Uint8Array) {
  return withTempFile(bytes, (file, dir) => {
    const run = spawnSync("pdftoppm", ["-r", "40", "-png", file, path.join(dir, "page")], { encoding: "utf8" });
    const pages = fs.readdirSync(dir).filter((f) => f.endsWith(".png"));
    return { status: run.status, stderr: run.stderr, pages: pages.length, smallest: Math.min(...pages.map((p) => fs.statSync(path.join(dir, p)).size)) };
  });
}

export interface ZipEntry {
  name: string;
  bytes: Buffer;
  /** As the ZIP's directory gives them: 8 deflated, 0 stored; the size taken in the file; the CRC-32. */
  method: number;
  compressedSize: number;
  crc32: number;
}

/** Every entry of a ZIP, with its bytes and how the ZIP holds it. */
export function readZip(bytes: Uint8Array): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true, decodeStrings: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries: ZipEntry[] = [];
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            entries.push({ name: entry.fileName, bytes: Buffer.concat(chunks), method: entry.compressionMethod, compressedSize: entry.compressedSize, crc32: entry.crc32 });
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(entries));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}
