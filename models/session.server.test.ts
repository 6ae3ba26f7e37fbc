import { Types } from "mongoose";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../tests/setup/database";
import { createSession, endUserSessions, listUserSessions, readSession } from "./session.server";

useTestDatabase();
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 20, 0) + minutes * 60_000);
const staff = (userId = new Types.ObjectId()) => ({ userId, version: 0, idleMinutes: 30, ip: "127.0.0.1", userAgent: "Mozilla/5.0 (Windows NT 10.0) Chrome/131.0" });

describe("a session", () => {
  it("lives while it is used and ends after the idle time", async () => {
    const token = await createSession(staff(), at(0));
    expect(await readSession(token, at(29))).not.toBeNull();
    expect(await readSession(token, at(58))).not.toBeNull();
    expect(await readSession(token, at(89))).toBeNull();
    // An ended session is gone, not just refused.
    expect(await readSession(token, at(90))).toBeNull();
  });

  it("ends at 12 hours however busy it is", async () => {
    const token = await createSession({ ...staff(), idleMinutes: null }, at(0));
    for (let hour = 1; hour < 12; hour++) expect(await readSession(token, at(hour * 60))).not.toBeNull();
    expect(await readSession(token, at(12 * 60))).toBeNull();
  });

  it("ends the others of a user and keeps this one", async () => {
    const userId = new Types.ObjectId();
    const here = await createSession(staff(userId), at(0));
    await createSession(staff(userId), at(0));
    await createSession(staff(userId), at(0));
    expect(await listUserSessions(userId, at(1))).toHaveLength(3);
    expect(await endUserSessions(userId, here)).toBe(2);
    expect(await listUserSessions(userId, at(1))).toHaveLength(1);
    expect(await readSession(here, at(1))).not.toBeNull();
  });
});
