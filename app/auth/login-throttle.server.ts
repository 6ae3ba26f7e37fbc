import { clearThrottle, countAttempt, lockKey, type ThrottleState } from "~models/login-throttle.server";
import { pluralRu } from "~/domain/format";

// Sign-in attempts are counted before the password is checked (parallel guesses each get their
// own number). From the third failure on each answer is slowed; the fifth failure for one login
// locks it for 15 minutes. A school often sits behind one address, so the per-address limit is
// high: it stops a machine guessing, not a class signing in.
export const THROTTLE = {
  slowAfter: 2,
  stepMs: 400,
  maxDelayMs: 2_000,
  lockAfterForLogin: 5,
  lockAfterForAddress: 100,
  lockMs: 15 * 60_000,
};

const keysFor = (login: string, ip: string) => ({ login: `login:${login.trim().toLowerCase()}`, ip: `ip:${ip}` });

export function lockMessage(until: Date) {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return `Слишком много неудачных попыток входа. Вход заблокирован, попробуйте через ${pluralRu(minutes, ["минуту", "минуты", "минут"])}.`;
}

const lockedNow = (state: ThrottleState) => (state.lockedUntil && state.lockedUntil.getTime() > Date.now() ? state.lockedUntil : null);

/**
 * Counts the attempt. `refused`: the lock message if this login or address may not try now;
 * `failures`: attempts for this login since its last success, this one included.
 */
export async function beginAttempt(login: string, ip: string): Promise<{ refused: string | null; failures: number }> {
  const keys = keysFor(login, ip);
  const [byLogin, byIp] = await Promise.all([countAttempt(keys.login), countAttempt(keys.ip)]);
  const locked = lockedNow(byLogin) ?? lockedNow(byIp);
  if (locked) return { refused: lockMessage(locked), failures: byLogin.failures };
  for (const [key, state, limit] of [[keys.login, byLogin, THROTTLE.lockAfterForLogin], [keys.ip, byIp, THROTTLE.lockAfterForAddress]] as const) {
    // More attempts than the limit in flight at once: the ones past it are refused unchecked.
    if (state.failures > limit) {
      const until = new Date(Date.now() + THROTTLE.lockMs);
      await lockKey(key, until);
      return { refused: lockMessage(until), failures: byLogin.failures };
    }
  }
  return { refused: null, failures: byLogin.failures };
}

/** After a wrong password: locks at the limit, otherwise answers a little later each time. */
export async function attemptFailed(login: string, failures: number): Promise<string | null> {
  const keys = keysFor(login, "");
  if (failures >= THROTTLE.lockAfterForLogin) {
    const until = new Date(Date.now() + THROTTLE.lockMs);
    await lockKey(keys.login, until);
    return lockMessage(until);
  }
  const excess = failures - THROTTLE.slowAfter;
  if (excess > 0) await new Promise((r) => setTimeout(r, Math.min(excess * THROTTLE.stepMs, THROTTLE.maxDelayMs)));
  return null;
}

export const attemptSucceeded = (login: string) => clearThrottle(keysFor(login, "").login);
