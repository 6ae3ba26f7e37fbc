// How a verification code is read back from what someone typed: no `.server`, so the verify form
// checks a code in the browser the same way the server does. New codes are made in codes.server.ts.

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
