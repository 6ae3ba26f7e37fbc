// Verification codes printed on issued documents: 12 characters of Crockford's base32 (no I, L,
// O, U: nothing to misread when typed from paper), shown in groups of four. 60 random bits: a
// code cannot be guessed, so the public page needs no further protection.
import crypto from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function newVerificationCode(): string {
  const bytes = crypto.randomBytes(12);
  const chars = Array.from(bytes, (b) => ALPHABET[b & 31]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

export { normaliseCode } from "./codes";
