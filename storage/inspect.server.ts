// Every uploaded file is judged by its bytes, never by its name or the browser's word. Images are
// decoded and written anew by sharp (orientation applied, EXIF/GPS/XMP dropped, size bounded, a
// WebP thumbnail made); PDFs are opened by pdf-lib. Anything else is refused with a Russian reason.
import crypto from "node:crypto";
import os from "node:os";
import { fileTypeFromBuffer } from "file-type";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFStream, type PDFObject } from "pdf-lib";
import sharp from "sharp";
import { EXTENSION_OF, UPLOAD_LIMITS, type AcceptedType } from "./limits";

export class UploadRefused extends Error {}

export interface InspectedFile {
  name: string;
  type: AcceptedType;
  bytes: Buffer;
  thumbnail: Buffer | null;
  /** SHA-256 of what the person sent: the same document twice is noticed by it. */
  originalSha256: string;
  /** SHA-256 of what is stored. */
  sha256: string;
  width: number | null;
  height: number | null;
  pages: number | null;
}

// No operation cache: every upload is different, and the cache only holds memory.
sharp.cache(false);
// Every core (up to four) for one image; glibc builds default to one thread against memory fragmentation.
sharp.concurrency(Math.min(4, Math.max(1, os.availableParallelism())));

const sha256 = (bytes: Uint8Array) => crypto.createHash("sha256").update(bytes).digest("hex");

/** A file name safe to show and to put in Content-Disposition: no paths, no control characters. */
export function cleanFileName(name: string, type: AcceptedType): string {
  const base = (name.split(/[\\/]/).pop() ?? "").replace(/[\u0000-\u001f\u007f"<>:|?*]/g, "").trim().slice(0, 120);
  const ext = EXTENSION_OF[type];
  const stem = base.replace(/\.[^.]*$/, "") || "документ";
  return stem + ext;
}

/** A ZIP's end record near the end of an image: a JPEG/ZIP (or PNG/ZIP) polyglot. */
function hasZipTail(bytes: Buffer) {
  const tail = bytes.subarray(Math.max(0, bytes.length - 65_557));
  return tail.includes(Buffer.from([0x50, 0x4b, 0x05, 0x06])) || tail.includes(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
}

async function inspectImage(bytes: Buffer, type: AcceptedType) {
  if (hasZipTail(bytes)) throw new UploadRefused("в файле изображения спрятан архив; сохраните изображение заново и загрузите его");
  const input = () => sharp(bytes, { limitInputPixels: UPLOAD_LIMITS.maxPixels, failOn: "error", sequentialRead: true });
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>["metadata"]>>;
  try {
    meta = await input().metadata();
  } catch (error) {
    if (/pixel limit/i.test(String(error))) throw tooLarge();
    throw new UploadRefused("изображение повреждено, его не удаётся прочитать");
  }
  if ((meta.width ?? 0) * (meta.height ?? 0) > UPLOAD_LIMITS.maxPixels) throw tooLarge();
  const format = type === "image/png" ? "png" : type === "image/webp" ? "webp" : "jpeg";
  try {
    // Decoded and resized once: rotate() with no angle applies the EXIF orientation, and raw
    // pixels carry no metadata at all, so nothing of the original's EXIF, GPS or XMP survives.
    const { data: pixels, info } = await input()
      .rotate()
      .resize({ width: UPLOAD_LIMITS.maxLongSide, height: UPLOAD_LIMITS.maxLongSide, fit: "inside", withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = () => sharp(pixels, { raw: { width: info.width, height: info.height, channels: info.channels } });
    const encoded = format === "png" ? raw().png({ compressionLevel: 6 }) : format === "webp" ? raw().webp({ quality: 88 }) : raw().jpeg({ quality: 86 });
    const [bytes, thumbnail] = await Promise.all([
      encoded.toBuffer(),
      raw().resize({ width: UPLOAD_LIMITS.thumbnailSide, height: UPLOAD_LIMITS.thumbnailSide, fit: "inside" }).webp({ quality: 75 }).toBuffer(),
    ]);
    return { bytes, thumbnail, width: info.width, height: info.height };
  } catch (error) {
    if (/pixel limit/i.test(String(error))) throw tooLarge();
    throw new UploadRefused("изображение повреждено или обрезано (файл не дозагрузился?)");
  }
}

const tooLarge = () =>
  new UploadRefused(`изображение слишком большое: больше ${UPLOAD_LIMITS.maxPixels / 1_000_000} мегапикселей`);

// Names of what a PDF can run or carry inside: a certificate needs none of them.
const ACTIVE_PDF_KEYS = ["JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA"].map((k) => PDFName.of(k));

const ACTIVE_PDF_VALUES = ["JavaScript", "Launch", "EmbeddedFile", "Filespec"].map((k) => PDFName.of(k));

/** A dictionary, or any dictionary written inside it, that names a script or an attached file. */
function isActive(object: PDFObject | undefined, depth = 0): boolean {
  if (!object || depth > 12) return false;
  if (object instanceof PDFArray) return object.asArray().some((item) => isActive(item, depth + 1));
  const dict = object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : null;
  if (!dict) return false;
  if (dict.keys().some((key) => ACTIVE_PDF_KEYS.includes(key))) return true;
  if ([dict.get(PDFName.of("S")), dict.get(PDFName.of("Type"))].some((v) => v instanceof PDFName && ACTIVE_PDF_VALUES.includes(v))) return true;
  return dict.values().some((value) => isActive(value, depth + 1));
}

/** Whether any object of the document (object streams included) holds scripts or attachments. */
function hasActiveContent(pdf: PDFDocument) {
  for (const [, object] of pdf.context.enumerateIndirectObjects()) if (isActive(object)) return true;
  return false;
}

async function inspectPdf(bytes: Buffer) {
  let pages: number;
  let active: boolean;
  try {
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    // pdf-lib reads lazily: a broken page tree shows only when the pages are counted.
    pages = pdf.getPageCount();
    active = hasActiveContent(pdf);
  } catch (error) {
    if ((error as Error).constructor?.name === "EncryptedPDFError" || /encrypted/i.test(String(error))) {
      throw new UploadRefused("PDF защищён паролем или зашифрован; загрузите незащищённую копию");
    }
    throw new UploadRefused("PDF повреждён, его не удаётся открыть");
  }
  if (pages === 0) throw new UploadRefused("в PDF нет ни одной страницы");
  if (active) throw new UploadRefused("в PDF есть сценарии или вложенные файлы; сохраните документ заново как обычный PDF (печать в PDF) и загрузите");
  return { bytes, pages };
}

export async function inspectUpload(raw: Uint8Array, originalName: string): Promise<InspectedFile> {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const label = `«${originalName.slice(0, 80)}»`;
  try {
    if (bytes.length === 0) throw new UploadRefused("файл пустой");
    if (bytes.length > UPLOAD_LIMITS.maxFileBytes) throw new UploadRefused(`файл больше ${UPLOAD_LIMITS.maxFileBytes / 1024 / 1024} МБ`);
    const detected = await fileTypeFromBuffer(bytes);
    const mime = detected?.mime;
    if (mime === "image/heic" || mime === "image/heif" || mime === "image/avif") {
      throw new UploadRefused("фото в формате HEIC/HEIF здесь не читается: сохраните его как JPEG (на iPhone: Настройки → Камера → Форматы → «Наиболее совместимый»)");
    }
    if (mime !== "image/jpeg" && mime !== "image/png" && mime !== "image/webp" && mime !== "application/pdf") {
      throw new UploadRefused("это не изображение JPEG, PNG, WebP и не PDF (тип определяется по содержимому файла, а не по имени)");
    }
    const originalSha256 = sha256(bytes);
    if (mime === "application/pdf") {
      const pdf = await inspectPdf(bytes);
      return { name: cleanFileName(originalName, mime), type: mime, bytes: pdf.bytes, thumbnail: null, originalSha256, sha256: originalSha256, width: null, height: null, pages: pdf.pages };
    }
    const image = await inspectImage(bytes, mime);
    return { name: cleanFileName(originalName, mime), type: mime, bytes: image.bytes, thumbnail: image.thumbnail, originalSha256, sha256: sha256(image.bytes), width: image.width, height: image.height, pages: null };
  } catch (error) {
    if (error instanceof UploadRefused) throw new UploadRefused(`Файл ${label}: ${error.message}.`);
    throw error;
  }
}
