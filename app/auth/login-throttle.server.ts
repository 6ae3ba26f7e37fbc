import { clearThrottle, readThrottle, recordFailure } from "~models/login-throttle.server";
import { pluralRu } from "~/domain/format";

// Failed sign-ins: from the third on, each answer is slowed; the fifth for one login (or the
// twentieth from one address) locks sign-in there for 15 minutes.
export const THROTTLE = {
  slowAfter: 2,
  stepMs: 400,
  maxDelayMs: 2_000,
  lockAfterForLogin: 5,
  lockAfterForAddress: 20,
  lockMs: 15 * 60_000,
};

const keysFor = (login: string, ip: string) => [`login:${login.trim().toLowerCase()}`, `ip:${ip}`];

export function lockMessage(until: Date) {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return `Слишком много неудачных попыток входа. Вход заблокирован, попробуйте через ${pluralRu(minutes, ["минуту", "минуты", "минут"])}.`;
}

/** The lock message if sign-in is locked for this login or address now, else null. */
export async function checkLock(login: string, ip: string): Promise<string | null> {
  const states = await readThrottle(keysFor(login, ip));
  const until = states.map((s) => s.lockedUntil).filter((d): d is Date => !!d && d.getTime() > Date.now());
  if (until.length === 0) return null;
  return lockMessage(new Date(Math.max(...until.map((d) => d.getTime()))));
}

/** Counts a failure on both keys; waits a little longer each time; says if it is now locked. */
export async function registerFailure(login: string, ip: string): Promise<string | null> {
  const [loginKey, ipKey] = keysFor(login, ip);
  const [byLogin, byIp] = await Promise.all([
    recordFailure(loginKey, THROTTLE.lockAfterForLogin, THROTTLE.lockMs),
    recordFailure(ipKey, THROTTLE.lockAfterForAddress, THROTTLE.lockMs),
  ]);
  const locked = [byLogin.lockedUntil, byIp.lockedUntil].find((d) => d && d.getTime() > Date.now());
  if (locked) return lockMessage(locked);
  const excess = Math.max(byLogin.failures, 0) - THROTTLE.slowAfter;
  if (excess > 0) await new Promise((r) => setTimeout(r, Math.min(excess * THROTTLE.stepMs, THROTTLE.maxDelayMs)));
  return null;
}

export const registerSuccess = (login: string) => clearThrottle(keysFor(login, "")[0]);
