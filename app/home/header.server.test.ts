import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../tests/setup/database";
import { markChange } from "~/http/guards.server";
import { insertNotifications, markAllRead } from "~models/notification.server";
import { createSchool } from "~models/school.server";
import { insertUser } from "~models/user.server";
import { forgetHeaderOf, headerOf } from "./header.server";

useTestDatabase();

describe("the header of every page", () => {
  it("is kept 15 s per person, and read again after anything that may change it", async () => {
    const school = await createSchool({ name: "Школа № 1", shortName: "Школа № 1", address: "г. Тест, ул. Тестовая, 1" });
    const parent = (name: string) => insertUser({ schoolId: school._id, user: { login: name, passwordHash: "-", lastName: "Семёнова", firstName: name, roles: ["parent"] } });
    const [mother, father] = [await parent("alyona"), await parent("pyotr")];
    const notify = () => insertNotifications([{ schoolId: school._id, userId: mother._id, kind: "achievement-verified", text: "Достижение подтверждено", link: "/family", createdAt: new Date() }]);
    await notify();
    const t0 = 1_000_000;

    expect(await headerOf(mother, t0)).toEqual({ schoolName: "Школа № 1", badges: {}, unread: 1 });
    // Each person's own: the father's is read for him.
    expect((await headerOf(father, t0)).unread).toBe(0);
    // Changed behind the process's back (another process): the header it kept stands a while…
    await notify();
    expect((await headerOf(mother, t0 + 10_000)).unread).toBe(1);
    // …and is read again once 15 s have passed.
    expect((await headerOf(mother, t0 + 15_000)).unread).toBe(2);

    // A request that may change something (anyone's) means the next page reads it again, at once.
    await notify();
    expect((await headerOf(mother, t0 + 16_000)).unread).toBe(2);
    markChange();
    expect((await headerOf(mother, t0 + 16_000)).unread).toBe(3);

    // A read that began before a change ended is not kept.
    const before = headerOf(mother, t0 + 17_000);
    await notify();
    markChange();
    await before; // what it found depends on which came first; it is not what the next page shows
    expect((await headerOf(mother, t0 + 17_000)).unread).toBe(4);

    // The notifications page marks them read as it opens (no form): the bell is read again.
    await markAllRead(mother._id, new Date());
    forgetHeaderOf(mother);
    expect((await headerOf(mother, t0 + 18_000)).unread).toBe(0);
  });
});
