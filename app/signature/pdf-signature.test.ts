import crypto from "node:crypto";
import forge from "node-forge";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { cmsSignature } from "./cms.server";
import { checkPdfSignature, signPdf } from "./pdf-signature.server";

/** A signed one-page PDF, with a self-signed certificate made here. */
async function signedPdf() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString());
  certificate.serialNumber = "0a1b2c";
  certificate.validity.notBefore = new Date("2026-01-01T00:00:00Z");
  certificate.validity.notAfter = new Date("2030-01-01T00:00:00Z");
  const name = [{ name: "commonName", value: "Соколова Ирина Викторовна", valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class }];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: "pkcs1", format: "pem" }).toString()), forge.md.sha256.create());
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), "latin1");
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  const stamp = { serial: "0A1B2C", owner: "Соколова Ирина Викторовна", organisation: "", validFrom: new Date(), validTo: new Date() };
  return signPdf(
    doc,
    { stamp, sign: async (bytes) => cmsSignature(bytes, [der], privateKey) },
    { page, rect: [50, 50, 250, 120], at: new Date("2026-12-01T23:30:00Z"), reason: "выписка из портфолио", name: stamp.owner }
  );
}

let file: Buffer;
beforeAll(async () => {
  file = await signedPdf();
});

/** Where the gap between the signed ranges ends: `<hex of the CMS, padded with zeros>` comes before it. */
const gapEnd = (bytes: Buffer) => Number(/\/ByteRange \[0 \d+ (\d+)/.exec(bytes.toString("latin1"))![1]);

describe("checking a PDF's signature", () => {
  it("a signed file holds over the whole document, with its certificate and the time it claims", () => {
    const check = checkPdfSignature(file);
    expect(check).toMatchObject({ signed: true, intact: true, wholeDocument: true });
    expect(new crypto.X509Certificate(check.certificate!).serialNumber.toUpperCase()).toBe("0A1B2C");
    expect(check.signedAt?.toISOString()).toBe("2026-12-01T23:30:00.000Z");
  });

  it("one changed byte of the signed part: not intact", () => {
    const changed = Buffer.from(file);
    changed[20] ^= 1;
    expect(checkPdfSignature(changed)).toMatchObject({ signed: true, intact: false });
  });

  it("bytes added after signing: the signature holds, but not over the whole file", () => {
    const appended = Buffer.concat([file, Buffer.from("\n1 0 obj << /Type /Annot >> endobj\n")]);
    expect(checkPdfSignature(appended)).toMatchObject({ intact: true, wholeDocument: false });
  });

  it("anything hidden in the gap between the signed ranges, or a second /ByteRange, is not trusted", () => {
    const end = gapEnd(file);
    const hidden = Buffer.from(file);
    // Over the zero padding before «>»: text of the attacker's and a copy of the real /ByteRange,
    // which a reader of the last /ByteRange would take. The signed bytes are unchanged.
    const byteRange = /\/ByteRange \[[^\]]*\]/.exec(file.toString("latin1"))![0];
    Buffer.from(`) ${byteRange} (`).copy(hidden, end - 120);
    expect(checkPdfSignature(hidden)).toMatchObject({ signed: true, intact: false });
    const twice = Buffer.concat([file, Buffer.from("\n/ByteRange [0 10 20 30]\n")]);
    expect(checkPdfSignature(twice)).toMatchObject({ signed: true, intact: false });
  });

  it("a file with no signature, or not a PDF at all, says so without failing", () => {
    expect(checkPdfSignature(Buffer.from("%PDF-1.7\nне подписан\n"))).toMatchObject({ signed: false, intact: false });
    expect(checkPdfSignature(crypto.randomBytes(5000))).toMatchObject({ intact: false });
  });
});
