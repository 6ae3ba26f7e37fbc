import crypto from "node:crypto";
import { createCookie, redirect, type Cookie } from "@remix-run/node";

// A form that succeeded answers with a redirect (a reload does not send it again) and one line for
// the next page — «Сохранено», «Пароль сброшен: …» — carried in a short-lived cookie that the root
// loader reads and clears (the same pattern as the Epic Stack's toast). The line is encrypted
// (AES-256-GCM, a key derived from SESSION_SECRET): a temporary password in it is not readable from
// the browser's cookie store or a proxy's log.
let cookie: Cookie | null = null;
function noticeCookie() {
  cookie ??= createCookie("__registry_notice", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: process.env.COOKIE_SECURE === "true",
    secrets: [process.env.SESSION_SECRET ?? ""],
    maxAge: 60,
  });
  return cookie;
}

const key = () => crypto.createHash("sha256").update(`notice:${process.env.SESSION_SECRET ?? ""}`).digest();

function seal(text: string) {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

function open(sealed: string): string | null {
  try {
    const bytes = Buffer.from(sealed, "base64url");
    const decipher = crypto.createDecipheriv("aes-256-gcm", key(), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** Redirect to `to` and show `notice` there once. */
export async function redirectWithNotice(to: string, notice: string, headers: HeadersInit = {}) {
  const all = new Headers(headers);
  all.append("Set-Cookie", await noticeCookie().serialize(seal(notice)));
  return redirect(to, { headers: all });
}

/** The notice waiting for this page, if any, and the header that clears it. */
export async function takeNotice(request: Request): Promise<{ notice: string | null; headers: HeadersInit }> {
  const value = await noticeCookie().parse(request.headers.get("Cookie"));
  if (typeof value !== "string" || !value) return { notice: null, headers: {} };
  return { notice: open(value), headers: { "Set-Cookie": await noticeCookie().serialize("", { maxAge: 0 }) } };
}
