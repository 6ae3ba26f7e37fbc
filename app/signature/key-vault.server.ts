// Private keys kept in the database are encrypted with AES-256-GCM under a key derived from
// SESSION_SECRET, which lives outside the database (the environment or the data folder's
// session-secret file): a copy of the database alone does not give a key away.
import crypto from "node:crypto";

export interface SealedKey {
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
}

function vaultKey(purpose: string) {
  const secret = process.env.SESSION_SECRET;
  if (!secret) throw new Error("SESSION_SECRET is not set");
  return Buffer.from(crypto.hkdfSync("sha256", secret, "achievement-registry", purpose, 32));
}

/** `purpose` separates the keys of different uses (a document certificate's key, a credential key). */
export function sealKey(secret: Buffer, purpose: string): SealedKey {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", vaultKey(purpose), iv);
  const data = Buffer.concat([cipher.update(secret), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), data };
}

/** The secret, or null when it does not decrypt: GCM refuses under another key (SESSION_SECRET changed). */
export function openKey(sealed: SealedKey, purpose: string): Buffer | null {
  const decipher = crypto.createDecipheriv("aes-256-gcm", vaultKey(purpose), sealed.iv);
  decipher.setAuthTag(sealed.tag);
  try {
    return Buffer.concat([decipher.update(sealed.data), decipher.final()]);
  } catch {
    return null;
  }
}
