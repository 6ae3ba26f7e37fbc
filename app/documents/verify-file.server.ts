// What the verify page says about a file someone holds: whether it is the very file issued (its
// SHA-256), and whether its electronic signature holds — intact, over the whole document, by which
// certificate, and whether that certificate is the school's.
import crypto from "node:crypto";
import { checkPdfSignature } from "~/signature/pdf-signature.server";
import { describeCertificate, isSchoolCertificate } from "~/signature/school-certificate.server";
import type { IssuedDocument } from "~models/document.server";

export interface FileVerdict {
  sameFile: boolean;
  /** none: the file carries no signature; altered: the signed bytes were changed or the signature does not verify. */
  signature: "none" | "valid" | "altered";
  /** Something was added to the file after it was signed. */
  appended: boolean;
  signer: { owner: string; organisation: string; serial: string; validFrom: string; validTo: string } | null;
  signedAt: string | null;
  schoolCertificate: boolean;
}

export async function checkIssuedFile(document: IssuedDocument, bytes: Buffer): Promise<FileVerdict> {
  const sameFile = crypto.createHash("sha256").update(bytes).digest("hex") === document.sha256;
  const check = checkPdfSignature(bytes);
  const signer = check.certificate ? describeCertificate(check.certificate) : null;
  return {
    sameFile,
    signature: !check.signed ? "none" : check.intact ? "valid" : "altered",
    appended: check.signed && !check.wholeDocument,
    signer: signer && { ...signer, validFrom: signer.validFrom.toISOString(), validTo: signer.validTo.toISOString() },
    signedAt: check.signedAt?.toISOString() ?? null,
    schoolCertificate: check.certificate ? await isSchoolCertificate(document.schoolId, check.certificate) : false,
  };
}
