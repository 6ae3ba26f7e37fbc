import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../tests/setup/database";
import { attemptFailed, beginAttempt } from "./login-throttle.server";

useTestDatabase();
// A small limit, so that the window can be walked through.
beforeAll(() => {
  process.env.SIGNIN_FAILURES_PER_ADDRESS = "10";
});
afterAll(() => {
  delete process.env.SIGNIN_FAILURES_PER_ADDRESS;
});

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 20, 30) + minutes * 60_000);

describe("the per-address limit", () => {
  it("counts failures only, in a sliding 15-minute window", async () => {
    // Successes never count: many sign-ins from the address leave it free.
    for (let i = 0; i < 30; i++) expect((await beginAttempt(`ok-${i}`, "10.1.1.1", at(0))).refused).toBeNull();
    // Ten failures of ten different logins, one a minute.
    for (let i = 0; i < 10; i++) {
      const attempt = await beginAttempt(`guess-${i}`, "10.1.1.1", at(i));
      expect(attempt.refused).toBeNull();
      expect(await attemptFailed(`guess-${i}`, "10.1.1.1", attempt.failures, at(i))).toBeNull();
    }
    const blocked = await beginAttempt("someone", "10.1.1.1", at(10));
    expect(blocked.refused).toBe("Слишком много неудачных попыток входа с этого адреса. Попробуйте через 5 минут.");
    // Another address is not touched.
    expect((await beginAttempt("someone", "10.2.2.2", at(10))).refused).toBeNull();
    // Once the first failure leaves the window, one place frees up.
    expect((await beginAttempt("someone", "10.1.1.1", at(15.5))).refused).toBeNull();
  });
});

describe("one login guessed", () => {
  it("answers later from the third failure on, and the fifth locks it for 15 minutes", async () => {
    const waits: number[] = [];
    const wait = async (ms: number) => void waits.push(ms);
    const said: (string | null)[] = [];
    for (let i = 0; i < 5; i++) {
      const attempt = await beginAttempt("slowed-login", "10.3.3.3", at(i));
      said.push(await attemptFailed("slowed-login", "10.3.3.3", attempt.failures, at(i), wait));
    }
    expect(waits).toEqual([400, 800]);
    expect(said.slice(0, 4)).toEqual([null, null, null, null]);
    expect(said[4]).toBe("Слишком много неудачных попыток входа под этим логином. Вход для него заблокирован, попробуйте через 15 минут.");
    expect((await beginAttempt("slowed-login", "10.3.3.3", at(18))).refused).not.toBeNull();
    expect((await beginAttempt("slowed-login", "10.3.3.3", at(20))).refused).toBeNull();
  });
});
