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

/** A code as someone typed it (any case, spaces or no dashes, O for 0, I or L for 1) in its printed form; null if it cannot be one. */
export function normaliseCode(input: string): string | null {
  const chars = input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(chars)) return null;
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}
