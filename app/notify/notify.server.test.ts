// A letter is kept until the mail server takes it: refused, it is tried again later; left by a
// process that stopped while sending it, another sends it once its turn has run out.
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../tests/setup/database";
import { insertNotifications, retryLetterAt, takeDueLetter } from "~models/notification.server";
import { createSchool } from "~models/school.server";
import { insertUser, setNotificationMail } from "~models/user.server";
import { LETTER_TRIES, sendDueLetters, type LetterPost } from "./notify.server";

useTestDatabase();

// The school's mail server: refuses the next `refusals` letters (451, try later), keeps the others.
const received: { to: string; raw: string }[] = [];
let refusals = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    let raw = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => (raw += chunk));
    stream.on("end", () => {
      if (refusals > 0) {
        refusals--;
        return callback(Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 451 }));
      }
      received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), raw });
      callback();
    });
  },
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  port = (smtp.server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

// The post with a clock of the test's own.
let clock = new Date("2026-12-03T09:00:00+03:00");
const minutes = (n: number) => new Date(clock.getTime() + n * 60_000);
const post = (): LetterPost => ({
  transport: nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true }),
  origin: "https://portfolio.school.test",
  from: "Реестр достижений <portfolio@school.test>",
  now: () => clock,
});

async function letterFor(firstName: string, email: string) {
  const login = `parent-${email.split("@")[0].replace(/\./g, "-")}`;
  const school = await createSchool({ name: `Школа ${firstName}`, shortName: `Школа ${firstName}`, address: "г. Тест, ул. Тестовая, 1" });
  const parent = await insertUser({ schoolId: school._id, user: { login, passwordHash: "-", lastName: "Семёнова", firstName: "Алёна", roles: ["parent"] } });
  await setNotificationMail(parent._id, { email, on: true });
  await insertNotifications([
    { schoolId: school._id, userId: parent._id, kind: "extract-issued", text: `Выписка (${firstName}) готова`, link: "/family", createdAt: clock, letter: { firstName, dueAt: clock } },
  ]);
  return parent;
}
const lettersTo = (email: string) => received.filter((l) => l.to === email);

describe("letters", () => {
  it("one the mail server refuses is tried again a minute later, then five, and arrives once", async () => {
    await letterFor("Ярослав", "yaroslav.family@mail.test");
    refusals = 2;
    expect(await sendDueLetters(post())).toBe(0);
    // Not due again before its minute is up.
    clock = minutes(0.5);
    expect(await sendDueLetters(post())).toBe(0);
    expect(refusals).toBe(1);
    clock = minutes(0.5);
    expect(await sendDueLetters(post())).toBe(0);
    expect(refusals).toBe(0);
    clock = minutes(4);
    expect(await sendDueLetters(post())).toBe(0);
    clock = minutes(1);
    expect(await sendDueLetters(post())).toBe(1);
    expect(lettersTo("yaroslav.family@mail.test")).toHaveLength(1);
    // Sent is done: never again.
    clock = minutes(24 * 60);
    expect(await sendDueLetters(post())).toBe(0);
    expect(lettersTo("yaroslav.family@mail.test")).toHaveLength(1);
  });

  it("one taken by a process that stopped while sending goes out once its turn has run out, and that process cannot bring it back", async () => {
    await letterFor("Ксения", "kseniya.family@mail.test");
    // The stuck process took it and has not said how it went.
    const stuck = await takeDueLetter({ now: clock, takenUntil: minutes(5) });
    expect(stuck).not.toBeNull();
    clock = minutes(4);
    expect(await sendDueLetters(post())).toBe(0);
    clock = minutes(1);
    expect(await sendDueLetters(post())).toBe(1);
    expect(lettersTo("kseniya.family@mail.test")).toHaveLength(1);
    // Its own send failing late changes nothing: the letter is not due again.
    expect(await retryLetterAt(stuck!, minutes(1))).toBe(false);
    clock = minutes(60);
    expect(await sendDueLetters(post())).toBe(0);
    expect(lettersTo("kseniya.family@mail.test")).toHaveLength(1);
  });

  it(`one whose every try ended without an answer (its process stopped each time) is given up after ${LETTER_TRIES}`, async () => {
    await letterFor("Глеб", "gleb.family@mail.test");
    for (let take = 0; take < LETTER_TRIES; take++) {
      expect(await takeDueLetter({ now: clock, takenUntil: minutes(5) })).not.toBeNull();
      clock = minutes(6);
    }
    expect(await sendDueLetters(post())).toBe(0);
    clock = minutes(60);
    expect(await takeDueLetter({ now: clock, takenUntil: minutes(5) })).toBeNull();
    expect(lettersTo("gleb.family@mail.test")).toHaveLength(0);
  });

  it("goes to the address the person has when it is sent, and not at all once they turn letters off", async () => {
    const parent = await letterFor("Дарья", "old.address@mail.test");
    await setNotificationMail(parent._id, { email: "new.address@mail.test", on: true });
    expect(await sendDueLetters(post())).toBe(1);
    expect(lettersTo("new.address@mail.test")).toHaveLength(1);
    expect(lettersTo("old.address@mail.test")).toHaveLength(0);

    const quiet = await letterFor("Илья", "ilya.family@mail.test");
    await setNotificationMail(quiet._id, { email: "ilya.family@mail.test", on: false });
    expect(await sendDueLetters(post())).toBe(0);
    clock = minutes(60);
    expect(await sendDueLetters(post())).toBe(0);
    expect(lettersTo("ilya.family@mail.test")).toHaveLength(0);
  });

  it(`is given up after ${LETTER_TRIES} tries, about a day`, async () => {
    await letterFor("Фёдор", "fyodor.family@mail.test");
    refusals = 1000;
    const started = clock;
    const tries = () => 1000 - refusals;
    // A minute at a time, as the servers look, until the last try.
    for (let minute = 0; minute < 2 * 24 * 60 && tries() < LETTER_TRIES; minute++) {
      await sendDueLetters(post());
      clock = minutes(1);
    }
    expect(tries()).toBe(LETTER_TRIES);
    expect(clock.getTime() - started.getTime()).toBeGreaterThan(20 * 3600_000);
    // Then never again.
    clock = minutes(7 * 24 * 60);
    await sendDueLetters(post());
    expect(tries()).toBe(LETTER_TRIES);
    expect(lettersTo("fyodor.family@mail.test")).toHaveLength(0);
    refusals = 0;
  });
});
