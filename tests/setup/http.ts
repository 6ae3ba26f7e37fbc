// Talking to the real server as a browser would, without one: cookies by hand, no redirects followed.
export async function signInHttp(baseUrl: string, login: string, password = "demo-2026"): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    body: new URLSearchParams({ login, password }),
    redirect: "manual",
    // A browser names the page's site on every POST; the server refuses a POST that names none.
    headers: { Origin: baseUrl },
  });
  const cookie = response.headers.get("set-cookie");
  if (response.status !== 302 || !cookie) throw new Error(`sign-in as ${login} failed: ${response.status}`);
  return cookie.split(";")[0];
}

export function get(baseUrl: string, path: string, cookie?: string) {
  return fetch(`${baseUrl}${path}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
}

export function post(baseUrl: string, path: string, body: Record<string, string> | URLSearchParams, cookie?: string, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}${path}`, {
    method: "POST",
    redirect: "manual",
    body: body instanceof URLSearchParams ? body : new URLSearchParams(body),
    headers: { Origin: baseUrl, ...(cookie ? { Cookie: cookie } : {}), ...headers },
  });
}

/** What a person reads on a page: tags and React's text separators gone. */
export const pageText = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

/**
 * The page a form's redirect leads to, as the browser opens it: with the session cookie and the
 * one-time notice the redirect set (app/http/notice.server.ts), which the page then shows.
 */
export async function followRedirect(baseUrl: string, response: Response, cookie?: string) {
  const location = response.headers.get("location");
  if (response.status !== 302 || !location) throw new Error(`expected a redirect, got ${response.status}`);
  const set = response.headers.getSetCookie().map((c) => c.split(";")[0]);
  return get(baseUrl, location, [cookie, ...set].filter(Boolean).join("; "));
}
