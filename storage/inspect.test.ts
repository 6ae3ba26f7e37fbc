import sharp from "sharp";
import { describe, expect, it } from "vitest";
import * as files from "../tests/files";
import { inspectUpload, UploadRefused } from "./inspect.server";
import { UPLOAD_LIMITS } from "./limits";

const refused = (bytes: Buffer, name: string) => inspectUpload(bytes, name).then(() => null, (e: unknown) => (e instanceof UploadRefused ? e.message : `не отказ: ${e}`));

describe("what an uploaded file is, from its bytes", () => {
  it("re-encodes a phone photo: GPS and other EXIF gone, orientation applied, thumbnail made", async () => {
    const original = await files.photoWithGps(1600, 1200);
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const result = await inspectUpload(original, "IMG_2024.jpg");
    const meta = await sharp(result.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(result.bytes.includes(Buffer.from("TestPhone"))).toBe(false);
    // Orientation 6 (rotated 90°) is applied: the stored image stands upright.
    expect([meta.width, meta.height]).toEqual([1200, 1600]);
    expect(result.type).toBe("image/jpeg");
    expect((await sharp(result.thumbnail!).metadata()).format).toBe("webp");
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("bounds the long side of a large scan", async () => {
    const result = await inspectUpload(await files.png(6000, 3000), "скан.png");
    const meta = await sharp(result.bytes).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(UPLOAD_LIMITS.maxLongSide);
    expect(result.name).toBe("скан.png");
  });

  it("accepts a real PDF and counts its pages", async () => {
    const result = await inspectUpload(await files.pdf(), "сертификат.pdf");
    expect(result.type).toBe("application/pdf");
    expect(result.pages).toBe(1);
  });

  it.each([
    ["an executable renamed .jpg", () => files.elfExecutable(), "photo.jpg", /не изображение JPEG, PNG, WebP и не PDF/],
    ["an HTML page with a script", () => files.htmlWithScript(), "diploma.html", /не изображение/],
    ["an SVG with a script", () => files.svgWithScript(), "diploma.svg", /не изображение/],
    ["a JPEG/ZIP polyglot", () => files.jpegZipPolyglot(), "photo.jpg", /спрятан архив/],
    ["a PNG that declares 50,000 × 50,000 pixels", () => files.pngBomb(), "bomb.png", /слишком большое/],
    ["a zero-byte file", () => Buffer.alloc(0), "empty.jpg", /файл пустой/],
    ["a truncated JPEG", () => files.truncatedJpeg(), "cut.jpg", /повреждено/],
    ["a «PDF» that is not one", () => files.notAPdf(), "fake.pdf", /PDF повреждён/],
    ["an encrypted PDF", () => files.encryptedPdf(), "secret.pdf", /защищён паролем/],
    ["a PDF that runs JavaScript when opened", () => files.pdfWithJavaScript(), "certificate.pdf", /сценарии или вложенные файлы/],
    ["a PDF with a file inside", () => files.pdfWithAttachment(), "certificate.pdf", /сценарии или вложенные файлы/],
    ["a file over the limit", () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(UPLOAD_LIMITS.maxFileBytes)]), "big.jpg", /больше 15 МБ/],
  ])("refuses %s with a Russian reason", async (_label, make, name, reason) => {
    const message = await refused(await make(), name);
    expect(message).toMatch(reason);
    expect(message).toContain(`«${name}»`);
  });
});
