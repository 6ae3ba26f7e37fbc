// A private key kept sealed in a record (app/signature/key-vault.server.ts seals and opens it): its
// fields, and the Buffers back from the driver.

/** The schema fields of a sealed key: AES-256-GCM's nonce, tag and ciphertext. */
export const sealedKeyFields = () => ({
  iv: { type: Buffer, required: true },
  tag: { type: Buffer, required: true },
  data: { type: Buffer, required: true },
});

/** The driver hands binary fields back as BSON Binary: the callers get Buffers. */
export const bufferOf = (value: unknown) => {
  const binary = value as { _bsontype?: string; buffer: Uint8Array };
  return Buffer.from(binary._bsontype === "Binary" ? binary.buffer : (value as Uint8Array));
};

/** A sealed key as read from the database, with Buffers. */
export const sealedKeyOf = (key: { iv: unknown; tag: unknown; data: unknown }) => ({ iv: bufferOf(key.iv), tag: bufferOf(key.tag), data: bufferOf(key.data) });
