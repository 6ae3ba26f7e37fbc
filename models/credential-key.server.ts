import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { sealedKeyFields, sealedKeyOf } from "./sealed-key.server";

// The school's Ed25519 keys for signing verifiable credentials (Open Badges 3.0, CLR 2.0): the
// newest signs; earlier ones stay published in the DID document, so that credentials they signed
// still verify. The secret part is sealed (app/signature/key-vault.server.ts).
const CredentialKeySchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    /** The public key as a Multikey (multibase base58btc, «z6Mk…»); also the key's fragment in the DID. */
    publicKeyMultibase: { type: String, required: true },
    /** The Multikey secret key («secretKeyMultibase»), sealed. */
    secret: sealedKeyFields(),
    createdAt: { type: Date, required: true },
  },
  { versionKey: false }
);
CredentialKeySchema.index({ schoolId: 1, createdAt: -1 });
CredentialKeySchema.index({ publicKeyMultibase: 1 }, { unique: true });

export type CredentialKey = InferSchemaType<typeof CredentialKeySchema> & { _id: Types.ObjectId };
export const CredentialKeyModel = mongoose.models.CredentialKey ?? mongoose.model("CredentialKey", CredentialKeySchema, "credentialkeys");

const withBuffers = (key: CredentialKey): CredentialKey => ({ ...key, secret: sealedKeyOf(key.secret!) });

/** The key the school signs credentials with now: its newest. */
export async function currentCredentialKey({ schoolId }: { schoolId: Types.ObjectId | string }) {
  const key = await CredentialKeyModel.findOne({ schoolId }).sort({ createdAt: -1, _id: -1 }).lean<CredentialKey>();
  return key && withBuffers(key);
}

/** Every school's public keys, oldest first (the DID document lists them all). */
export async function listCredentialPublicKeys() {
  return CredentialKeyModel.find({}, { schoolId: 1, publicKeyMultibase: 1, createdAt: 1 })
    .sort({ createdAt: 1, _id: 1 })
    .lean<Pick<CredentialKey, "_id" | "schoolId" | "publicKeyMultibase" | "createdAt">[]>();
}

/** The key with this public part, with its school (null: not one of the installation's keys). */
export async function findCredentialKey(publicKeyMultibase: string) {
  return CredentialKeyModel.findOne({ publicKeyMultibase }, { schoolId: 1, publicKeyMultibase: 1, createdAt: 1 }).lean<
    Pick<CredentialKey, "_id" | "schoolId" | "publicKeyMultibase" | "createdAt">
  >();
}

export async function addCredentialKey(key: Omit<CredentialKey, "_id">) {
  const created = await CredentialKeyModel.create(key);
  return withBuffers(created.toObject() as CredentialKey);
}
