import { clearThrottle, countAttempt, failuresSince, lockKey, recordFailure, type ThrottleState } from "~models/login-throttle.server";
import { readEnv } from "~/env.server";
import { pluralRu } from "~/domain/format";

// Sign-in throttling. Per login: from the third failure on each answer is slowed; the fifth locks
// that login for 15 minutes. Per address: only failures count, in a sliding 15-minute window,
// against a limit sized for a whole school behind one address (SIGNIN_FAILURES_PER_ADDRESS,
// default 300) — it stops a machine guessing, never a class signing in.
export const THROTTLE = {
  slowAfter: 2,
  stepMs: 400,
  maxDelayMs: 2_000,
  lockAfterForLogin: 5,
  lockMs: 15 * 60_000,
  addressWindowMs: 15 * 60_000,
};

const addressLimit = () => readEnv().SIGNIN_FAILURES_PER_ADDRESS;
const loginKey = (login: string) => `login:${login.trim().toLowerCase()}`;
const addressKey = (ip: string) => `ip:${ip}`;

const minutesLeft = (until: Date, now: Date) => pluralRu(Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000)), ["минуту", "минуты", "минут"]);

export const loginLockMessage = (until: Date, now = new Date()) =>
  `Слишком много неудачных попыток входа под этим логином. Вход для него заблокирован, попробуйте через ${minutesLeft(until, now)}.`;
export const addressLockMessage = (until: Date, now = new Date()) =>
  `Слишком много неудачных попыток входа с этого адреса. Попробуйте через ${minutesLeft(until, now)}.`;

const lockedNow = (state: ThrottleState, now: Date) => (state.lockedUntil && state.lockedUntil.getTime() > now.getTime() ? state.lockedUntil : null);

/** When the address's window frees a place, if its recent failures have reached the limit; else null. */
async function addressBlockedUntil(ip: string, now: Date): Promise<Date | null> {
  const limit = addressLimit();
  const recent = await failuresSince(addressKey(ip), new Date(now.getTime() - THROTTLE.addressWindowMs));
  if (recent.length < limit) return null;
  return new Date(recent[recent.length - limit].getTime() + THROTTLE.addressWindowMs);
}

/**
 * Before a password is checked. `refused`: the message if this login or address may not try now;
 * `failures`: attempts for this login since its last success, this one included.
 */
export async function beginAttempt(login: string, ip: string, now = new Date()): Promise<{ refused: string | null; failures: number }> {
  const blocked = await addressBlockedUntil(ip, now);
  if (blocked) return { refused: addressLockMessage(blocked, now), failures: 0 };
  const byLogin = await countAttempt(loginKey(login), now);
  const locked = lockedNow(byLogin, now);
  if (locked) return { refused: loginLockMessage(locked, now), failures: byLogin.failures };
  // More attempts than the limit in flight at once: the ones past it are refused unchecked.
  if (byLogin.failures > THROTTLE.lockAfterForLogin) {
    const until = new Date(now.getTime() + THROTTLE.lockMs);
    await lockKey(loginKey(login), until);
    return { refused: loginLockMessage(until, now), failures: byLogin.failures };
  }
  return { refused: null, failures: byLogin.failures };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How much later the answer to the n-th failure of a login comes. */
export const slowdownMs = (failures: number) => Math.min(Math.max(0, failures - THROTTLE.slowAfter) * THROTTLE.stepMs, THROTTLE.maxDelayMs);

/** After a wrong password: counts it for the address, locks the login at its limit, otherwise answers a little later each time. */
export async function attemptFailed(login: string, ip: string, failures: number, now = new Date(), wait = sleep): Promise<string | null> {
  await recordFailure(addressKey(ip), addressLimit(), now);
  if (failures >= THROTTLE.lockAfterForLogin) {
    const until = new Date(now.getTime() + THROTTLE.lockMs);
    await lockKey(loginKey(login), until);
    return loginLockMessage(until, now);
  }
  const delay = slowdownMs(failures);
  if (delay > 0) await wait(delay);
  return null;
}

/** A right password: the login's count starts again; the address is not touched. */
export const attemptSucceeded = (login: string) => clearThrottle(loginKey(login));
