import { createCookie, redirect, type Cookie } from "@remix-run/node";

// A form that succeeded answers with a redirect (a reload does not send it again) and one line for
// the next page — «Сохранено», «Пароль сброшен: …» — carried in a short-lived signed cookie that the
// root loader reads and clears (the same pattern as the Epic Stack's toast).
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

/** Redirect to `to` and show `notice` there once. */
export async function redirectWithNotice(to: string, notice: string, headers: HeadersInit = {}) {
  const all = new Headers(headers);
  all.append("Set-Cookie", await noticeCookie().serialize(notice));
  return redirect(to, { headers: all });
}

/** The notice waiting for this page, if any, and the header that clears it. */
export async function takeNotice(request: Request): Promise<{ notice: string | null; headers: HeadersInit }> {
  const value = await noticeCookie().parse(request.headers.get("Cookie"));
  if (typeof value !== "string" || !value) return { notice: null, headers: {} };
  return { notice: value, headers: { "Set-Cookie": await noticeCookie().serialize("", { maxAge: 0 }) } };
}
