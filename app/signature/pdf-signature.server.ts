// A PDF signed as any reader checks it: a signature field over the visible stamp, its dictionary
// holding the byte ranges and a placeholder that @signpdf/signpdf fills with the CMS signature of
// everything else in the file (so the signature covers the whole document).
import { SignPdf, Signer } from "@signpdf/signpdf";
import { ANNOTATION_FLAGS, DEFAULT_BYTE_RANGE_PLACEHOLDER, SIG_FLAGS, SUBFILTER_ETSI_CADES_DETACHED } from "@signpdf/utils";
import { PDFArray, PDFHexString, PDFInvalidObject, PDFName, PDFNumber, PDFString, type PDFDocument, type PDFPage } from "pdf-lib";
import { checkCmsSignature } from "./cms.server";

/** What the visible stamp says about the certificate. */
export interface StampFacts {
  serial: string;
  owner: string;
  organisation: string;
  validFrom: Date;
  validTo: Date;
}

/**
 * How a document is signed: the stamp's facts, and the signing step itself — the PDF's signed bytes
 * in, a detached CMS signature (DER) out. This one function is what a ГОСТ signer (a certified
 * crypto provider's CMS over GOST R 34.10-2012) replaces; everything around it stays.
 */
export interface DocumentSignature {
  stamp: StampFacts;
  sign(signedBytes: Buffer): Promise<Buffer>;
}

/** Room for the CMS (a certificate, a chain of two more, the signature) in the file, in bytes. */
export const SIGNATURE_ROOM = 8192;

class CmsSigner extends Signer {
  constructor(private readonly signature: DocumentSignature) {
    super();
  }
  override async sign(signedBytes: Buffer): Promise<Buffer> {
    return this.signature.sign(signedBytes);
  }
}

export interface SignatureField {
  page: PDFPage;
  /** The stamp's rectangle [x1, y1, x2, y2]: clicking it in a reader shows the signature. */
  rect: [number, number, number, number];
  /** The time the signature claims (/M): the moment, or the archive's fixed date. */
  at: Date;
  reason: string;
  name: string;
}

/** Adds the signature field, saves the document and signs it. */
export async function signPdf(doc: PDFDocument, signature: DocumentSignature, field: SignatureField): Promise<Buffer> {
  const { context } = doc;
  const byteRange = PDFArray.withContext(context);
  byteRange.push(PDFNumber.of(0));
  for (let i = 0; i < 3; i++) byteRange.push(PDFName.of(DEFAULT_BYTE_RANGE_PLACEHOLDER));
  const dictionary = context.obj({
    Type: "Sig",
    Filter: "Adobe.PPKLite",
    SubFilter: SUBFILTER_ETSI_CADES_DETACHED,
    ByteRange: byteRange,
    Contents: PDFHexString.of("0".repeat(SIGNATURE_ROOM * 2)),
    // Text strings in UTF-16 (names in Cyrillic); a literal string would cut them to bytes.
    Reason: PDFHexString.fromText(field.reason),
    Name: PDFHexString.fromText(field.name),
    M: PDFString.fromDate(field.at),
  });
  // Written as raw bytes, so that saving never moves it into a compressed object stream, where the
  // placeholder could not be found and filled.
  const bytes = new Uint8Array(dictionary.sizeInBytes());
  dictionary.copyBytesInto(bytes, 0);
  const signatureRef = context.register(PDFInvalidObject.of(bytes));
  const [x1, y1, x2, y2] = field.rect;
  const appearance = context.formXObject([], { BBox: [0, 0, x2 - x1, y2 - y1], Resources: {} });
  const widgetRef = context.register(
    context.obj({
      Type: "Annot",
      Subtype: "Widget",
      FT: "Sig",
      Rect: field.rect,
      V: signatureRef,
      T: PDFHexString.fromText("Электронная подпись"),
      F: ANNOTATION_FLAGS.PRINT,
      P: field.page.ref,
      AP: { N: context.register(appearance) },
    })
  );
  const annotations = field.page.node.Annots() ?? context.obj([]);
  annotations.push(widgetRef);
  field.page.node.set(PDFName.of("Annots"), annotations);
  doc.catalog.set(PDFName.of("AcroForm"), context.obj({ SigFlags: SIG_FLAGS.SIGNATURES_EXIST | SIG_FLAGS.APPEND_ONLY, Fields: [widgetRef] }));
  return new SignPdf().sign(Buffer.from(await doc.save()), new CmsSigner(signature));
}

export interface PdfSignatureCheck {
  /** The file carries a signature at all. */
  signed: boolean;
  /** The signed bytes are as they were signed, and the signature verifies with its certificate. */
  intact: boolean;
  /** The signed ranges are the whole file but the signature itself (nothing added after signing). */
  wholeDocument: boolean;
  certificate: Buffer | null;
  signedAt: Date | null;
}

const NOT_SIGNED: PdfSignatureCheck = { signed: false, intact: false, wholeDocument: false, certificate: null, signedAt: null };

/** «D:20261202143000Z» or «D:20261202173000+03'00'» → the moment. */
function pdfDate(text: string): Date | null {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|([+-])(\d{2})'?(\d{2})'?)?/.exec(text);
  if (!m) return null;
  const utc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  const offset = m[8] ? (m[8] === "-" ? -1 : 1) * (+m[9] * 60 + +m[10]) : 0;
  return new Date(utc - offset * 60_000);
}

const HEX = /^[0-9a-fA-F]*$/;

/**
 * Reads and checks a PDF's signature. Only what the signature covers is trusted: the one
 * /ByteRange must lie inside the first signed range, and the gap between the ranges must be
 * exactly the <hex> of the signature (nothing else can be hidden there).
 */
export function checkPdfSignature(file: Buffer): PdfSignatureCheck {
  const at = file.indexOf("/ByteRange [");
  if (at < 0) return NOT_SIGNED;
  const unreadable = { ...NOT_SIGNED, signed: true };
  if (file.lastIndexOf("/ByteRange [") !== at) return unreadable;
  const match = /^\/ByteRange \[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(file.subarray(at, at + 80).toString("latin1"));
  if (!match) return unreadable;
  const [start, firstLength, second, secondLength] = match.slice(1).map(Number);
  const sane = start === 0 && at + match[0].length <= firstLength && firstLength < second && second + secondLength <= file.length;
  if (!sane || file[firstLength] !== 0x3c || file[second - 1] !== 0x3e) return unreadable;
  const hex = file.subarray(firstLength + 1, second - 1).toString("latin1");
  if (hex.length % 2 !== 0 || !HEX.test(hex)) return unreadable;
  const signedBytes = Buffer.concat([file.subarray(0, firstLength), file.subarray(second, second + secondLength)]);
  const { intact, certificate } = checkCmsSignature(Buffer.from(hex, "hex"), signedBytes);
  // The claimed time is read from the signed bytes after the signature (the dictionary's /M).
  const claimedTime = /\/M\s*\((D:[^)]+)\)/.exec(file.subarray(second, Math.min(second + 2000, second + secondLength)).toString("latin1"));
  return { signed: true, intact, wholeDocument: second + secondLength === file.length, certificate, signedAt: claimedTime ? pdfDate(claimedTime[1]) : null };
}
