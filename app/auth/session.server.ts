import { createCookie, redirect, type Cookie } from "@remix-run/node";
import { loadSchoolTimeZone } from "~/school-clock.server";
import { getSessionIdleMinutes } from "~models/school.server";
import { createSession, deleteSessionByToken, readSession, SESSION_ABSOLUTE_MS, type SessionRow } from "~models/session.server";
import { getUserById, type PublicUser } from "~models/user.server";
import { requestIdOf } from "~/http/guards.server";
import { clientIp } from "./audit.server";
import type { Role } from "~models/vocabulary/roles";

// The cookie holds only a random token, signed; the session itself lives in the database
// (models/session.server.ts), so «Выйти», an idle timeout or a password change end it for good.
// Made on first use: the server puts SESSION_SECRET in the environment before the app loads.
let cookie: Cookie | null = null;
function sessionCookie() {
  if (cookie) return cookie;
  const secret = process.env.SESSION_SECRET;
  if (!secret) throw new Error("SESSION_SECRET is not set");
  cookie = createCookie("__registry_session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: process.env.COOKIE_SECURE === "true",
    secrets: [secret],
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
  return cookie;
}

async function tokenOf(request: Request): Promise<string | null> {
  try {
    const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
    return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
  } catch {
    return null;
  }
}

export interface SignedIn {
  user: PublicUser;
  session: SessionRow;
  token: string;
}

// The root and the page's loaders of one request ask for the session once between them. Remix
// hands each loader a copy of the request, so the loaders of a page are matched by the id the
// server stamped on it (never one a client chose) together with the cookie it came with; an
// action's own request is read on its own, and the loaders after it read the session as the action
// left it. The loaders of a page all start at once: a few seconds' memory is plenty.
const signedInOfRequests = new WeakMap<Request, Promise<SignedIn | null>>();
const signedInOfPageLoads = new Map<string, Promise<SignedIn | null>>();
const PAGE_LOAD_MEMORY_MS = 5_000;

/** The request's live session and its user, or null: a deactivated account or an outdated session counts as signed out. */
export function getSignedIn(request: Request): Promise<SignedIn | null> {
  const id = request.method === "GET" ? requestIdOf(request) : "";
  const pageLoad = id && `${id} ${request.headers.get("Cookie") ?? ""}`;
  if (pageLoad) {
    let signedIn = signedInOfPageLoads.get(pageLoad);
    if (!signedIn) {
      signedIn = loadSignedIn(request);
      signedInOfPageLoads.set(pageLoad, signedIn);
      setTimeout(() => signedInOfPageLoads.delete(pageLoad), PAGE_LOAD_MEMORY_MS).unref();
    }
    return signedIn;
  }
  if (!signedInOfRequests.has(request)) signedInOfRequests.set(request, loadSignedIn(request));
  return signedInOfRequests.get(request)!;
}

async function loadSignedIn(request: Request): Promise<SignedIn | null> {
  // Every page that asks who is signed in shows dates: the school's clock is current first.
  await loadSchoolTimeZone();
  const token = await tokenOf(request);
  if (!token) return null;
  const session = await readSession(token);
  if (!session) return null;
  const user = await getUserById(String(session.userId));
  if (!user || !user.active || user.sessionVersion !== session.version) {
    await deleteSessionByToken(token);
    return null;
  }
  return { user, session, token };
}

export async function getSessionUser(request: Request): Promise<PublicUser | null> {
  return (await getSignedIn(request))?.user ?? null;
}

const FAMILY_ROLES: Role[] = ["parent", "student"];

/** Staff sessions end after the school's idle time; a family's only at the absolute end. */
async function idleMinutesFor(user: PublicUser): Promise<number | null> {
  if (user.roles.every((role) => FAMILY_ROLES.includes(role))) return null;
  return getSessionIdleMinutes(user.schoolId ?? null);
}

/** Signs the user in on this browser: a new session (never a reused one) and its cookie; the browser's previous session ends. */
export async function createUserSession(request: Request, user: PublicUser, redirectTo: string) {
  const previous = await tokenOf(request);
  if (previous) await deleteSessionByToken(previous);
  const token = await createSession({
    userId: user._id,
    version: user.sessionVersion,
    idleMinutes: await idleMinutesFor(user),
    ip: clientIp(request),
    userAgent: request.headers.get("user-agent") ?? "",
  });
  return redirect(redirectTo, { headers: { "Set-Cookie": await sessionCookie().serialize(token) } });
}

/** Ends this browser's session in the database and clears its cookie. */
export async function destroySessionHeaders(request: Request) {
  const token = await tokenOf(request);
  if (token) await deleteSessionByToken(token);
  return { "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0, expires: new Date(0) }) };
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
