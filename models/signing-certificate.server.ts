import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { bufferOf, sealedKeyFields, sealedKeyOf } from "./sealed-key.server";

// The school's certificates for signing documents: the newest is the one in use; earlier ones stay,
// so that the verify page still recognises the documents they signed. The private key is kept
// encrypted (app/signature/school-certificate.server.ts says with what).
const SigningCertificateSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    /** The certificate's serial number, hex, upper case. */
    serial: { type: String, required: true },
    /** Whom the certificate names (its subject's common name) and the organisation, as printed in the stamp. */
    owner: { type: String, required: true },
    organisation: { type: String, default: "" },
    validFrom: { type: Date, required: true },
    validTo: { type: Date, required: true },
    /** DER: the signer's certificate first, then the chain that came with it. */
    certificates: { type: [Buffer], required: true },
    /** PKCS#8 DER of the private key, AES-256-GCM. */
    key: sealedKeyFields(),
    origin: { type: String, enum: ["self-signed", "uploaded"], required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: "User", default: null },
  },
  { versionKey: false }
);
SigningCertificateSchema.index({ schoolId: 1, createdAt: -1 });

export type SigningCertificate = InferSchemaType<typeof SigningCertificateSchema> & { _id: Types.ObjectId };
export const SigningCertificateModel =
  mongoose.models.SigningCertificate ?? mongoose.model("SigningCertificate", SigningCertificateSchema, "signingcertificates");

function withBuffers(certificate: SigningCertificate | null): SigningCertificate | null {
  if (!certificate) return null;
  return { ...certificate, certificates: certificate.certificates.map(bufferOf), key: sealedKeyOf(certificate.key!) };
}

/** The certificate documents are signed with now: the school's newest. */
export async function currentSigningCertificate({ schoolId }: { schoolId: Types.ObjectId | string }) {
  return withBuffers(await SigningCertificateModel.findOne({ schoolId }).sort({ createdAt: -1, _id: -1 }).lean<SigningCertificate>());
}

/** Every certificate the school has signed with, newest first. */
export async function listSigningCertificates({ schoolId }: { schoolId: Types.ObjectId | string }) {
  const certificates = await SigningCertificateModel.find({ schoolId }).sort({ createdAt: -1, _id: -1 }).lean<SigningCertificate[]>();
  return certificates.map((c) => withBuffers(c)!);
}

/** One insert: from the moment it is written, the new certificate is the one in use. */
export async function addSigningCertificate(certificate: Omit<SigningCertificate, "_id">) {
  const created = await SigningCertificateModel.create(certificate);
  return withBuffers(created.toObject() as SigningCertificate)!;
}

/** The school's certificate with this serial (the one an issued document names). */
export async function findSigningCertificate({ schoolId, serial }: { schoolId: Types.ObjectId | string; serial: string }) {
  return withBuffers(await SigningCertificateModel.findOne({ schoolId, serial }).lean<SigningCertificate>());
}
