// Files that people (and attackers) upload, made on the spot: real photos with GPS, and the bad
// ones of issue-list fame: renamed executables, polyglots, decompression bombs, broken PDFs.
import zlib from "node:zlib";
import { PDFDocument, PDFName, PDFString, StandardFonts } from "pdf-lib";
import sharp from "sharp";

export async function photoWithGps(width = 1600, height = 1200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 170, b: 90 } } })
    .composite([{ input: Buffer.from(`<svg width="${width}" height="${height}"><text x="50" y="200" font-size="120">ДИПЛОМ</text></svg>`), top: 0, left: 0 }])
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: "TestPhone", Model: "X1" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "55/1 45/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "37/1 37/1 0/1" },
    })
    .toBuffer();
}

export async function png(width = 800, height = 600) {
  return sharp({ create: { width, height, channels: 3, background: "#ffffff" } }).png().toBuffer();
}

export async function pdf(text = "Сертификат участника") {
  void text;
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText("Certificate", { x: 50, y: 780, size: 24, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** A certificate that runs a script when opened, and one that carries another file inside. */
export async function pdfWithJavaScript() {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  const action = doc.context.obj({ Type: "Action", S: "JavaScript", JS: PDFString.of("app.alert('x')") });
  doc.catalog.set(PDFName.of("OpenAction"), doc.context.register(action));
  return Buffer.from(await doc.save());
}

export async function pdfWithAttachment() {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  await doc.attach(Buffer.from("MZ payload"), "invoice.exe", { mimeType: "application/octet-stream" });
  return Buffer.from(await doc.save());
}

/** A PDF that declares encryption in its trailer: what a password-protected certificate looks like to a reader. */
export async function encryptedPdf() {
  const plain = (await pdf()).toString("latin1");
  if (!plain.includes("trailer\n<<")) throw new Error("fixture: no classic trailer to mark as encrypted");
  return Buffer.from(plain.replace("trailer\n<<", "trailer\n<<\n/Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <00> /U <00> >>"), "latin1");
}

function crc32(bytes: Buffer) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
function chunk(type: string, data: Buffer) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A small file whose header promises 50,000 × 50,000 pixels. */
export function pngBomb() {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(50_000, 0);
  header.writeUInt32BE(50_000, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // RGB
  const row = Buffer.alloc(1 + 50_000 * 3);
  const data = zlib.deflateSync(Buffer.concat([row, row]));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", data), chunk("IEND", Buffer.alloc(0))]);
}

/** A JPEG with a ZIP archive glued to its end: opens as a picture and as an archive. */
export async function jpegZipPolyglot() {
  const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#336699" } }).jpeg().toBuffer();
  const name = Buffer.from("payload.html");
  const content = Buffer.from("<script>alert(1)</script>");
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt32LE(crc32(content), 14);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(crc32(content), 16);
  central.writeUInt32LE(content.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(jpeg.length, 42);
  const localPart = Buffer.concat([local, name, content]);
  const centralPart = Buffer.concat([central, name]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralPart.length, 12);
  end.writeUInt32LE(jpeg.length + localPart.length, 16);
  return Buffer.concat([jpeg, localPart, centralPart, end]);
}

export async function truncatedJpeg() {
  const full = await photoWithGps(800, 600);
  return full.subarray(0, Math.floor(full.length * 0.6));
}

/** The first bytes of a Linux executable, named as a photo by whoever sends it. */
export const elfExecutable = () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(2000, 0x90)]);
export const htmlWithScript = () => Buffer.from("<!doctype html><html><body><script>fetch('/admin/users')</script></body></html>");
export const svgWithScript = () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>');
export const notAPdf = () => Buffer.from("%PDF-1.7\nэто не PDF, а текст с заголовком от PDF\n");
