import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { getUserById, type PublicUser } from "~models/user.server";

// Made on first use: the server puts SESSION_SECRET in the environment before the app loads.
interface SessionData {
  userId: string;
  version: number;
}
let storage: ReturnType<typeof createCookieSessionStorage<SessionData>> | null = null;
function sessionStorage() {
  if (storage) return storage;
  const secret = process.env.SESSION_SECRET;
  if (!secret) throw new Error("SESSION_SECRET is not set");
  storage = createCookieSessionStorage<SessionData>({
    cookie: {
      name: "__registry_session",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: process.env.COOKIE_SECURE === "true",
      secrets: [secret],
      maxAge: 60 * 60 * 12,
    },
  });
  return storage;
}

const getSession = (request: Request) => sessionStorage().getSession(request.headers.get("Cookie"));

/** The signed-in user, or null: a deactivated account or an outdated session counts as signed out. */
// The root and the page's loaders of one request ask for the user once between them.
const usersOfRequests = new WeakMap<Request, Promise<PublicUser | null>>();

export function getSessionUser(request: Request): Promise<PublicUser | null> {
  if (!usersOfRequests.has(request)) usersOfRequests.set(request, loadSessionUser(request));
  return usersOfRequests.get(request)!;
}

async function loadSessionUser(request: Request): Promise<PublicUser | null> {
  const session = await getSession(request);
  const userId = session.get("userId");
  if (typeof userId !== "string") return null;
  const user = await getUserById(userId);
  if (!user || !user.active || user.sessionVersion !== session.get("version")) return null;
  return user;
}

export async function createUserSession(user: PublicUser, redirectTo: string) {
  const session = await getSession(new Request("http://local"));
  session.set("userId", String(user._id));
  session.set("version", user.sessionVersion);
  return redirect(redirectTo, { headers: { "Set-Cookie": await sessionStorage().commitSession(session) } });
}

/** A fresh cookie after the user's own password change (their sessionVersion moved on). */
export async function refreshUserSession(request: Request, user: PublicUser, redirectTo: string) {
  const session = await getSession(request);
  session.set("version", user.sessionVersion);
  return redirect(redirectTo, { headers: { "Set-Cookie": await sessionStorage().commitSession(session) } });
}

export async function destroySessionHeaders(request: Request) {
  return { "Set-Cookie": await sessionStorage().destroySession(await getSession(request)) };
}

/** Only same-site paths after sign-in, so a crafted link cannot send someone elsewhere. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback: string) {
  if (!to || typeof to !== "string" || !to.startsWith("/") || /[\s\\\u0000-\u001f\u007f]/.test(to)) return fallback;
  // Browsers drop tabs and newlines and read «//host» as another site: resolve it as they would.
  const resolved = new URL(to, "http://registry.local");
  if (resolved.origin !== "http://registry.local") return fallback;
  return resolved.pathname + resolved.search + resolved.hash;
}

export async function requireUser(request: Request): Promise<PublicUser> {
  const user = await getSessionUser(request);
  const url = new URL(request.url);
  if (!user) {
    const back = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`, { headers: await destroySessionHeaders(request) });
  }
  if (user.mustChangePassword && url.pathname !== "/password" && url.pathname !== "/logout") {
    throw redirect("/password");
  }
  return user;
}
