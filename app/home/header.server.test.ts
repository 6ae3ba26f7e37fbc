import { EventEmitter } from "node:events";
import type { NextFunction, Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../tests/setup/database";
import { stampRequest } from "~/http/guards.server";
import { insertNotifications } from "~models/notification.server";
import { SchoolModel } from "~models/school.server";
import { getUserById, UserModel } from "~models/user.server";
import { headerOf } from "./header.server";

useTestDatabase();

/** A request as the server sees it coming in, answered at once. */
function sent(method: string) {
  const res = Object.assign(new EventEmitter(), { locals: {}, setHeader: () => undefined }) as unknown as Response;
  stampRequest({ method, headers: {}, ip: "10.0.0.1" } as unknown as Request, res, (() => undefined) as NextFunction);
  (res as unknown as EventEmitter).emit("close");
}

describe("the header of every page", () => {
  it("is kept a quarter of a minute, and read again after anything was sent that may change it", async () => {
    const school = await SchoolModel.create({ name: "Школа № 1", shortName: "Школа № 1", address: "г. Тест, ул. Тестовая, 1" });
    const made = await UserModel.create({ schoolId: school._id, login: "mother", passwordHash: "-", lastName: "Семёнова", firstName: "Алёна", roles: ["parent"] });
    const user = (await getUserById(String(made._id)))!;
    const notify = () => insertNotifications([{ schoolId: school._id, userId: user._id, kind: "achievement-verified", text: "Достижение подтверждено", link: "/family", createdAt: new Date() }]);
    await notify();
    const t0 = Date.UTC(2026, 11, 2, 20, 59);

    expect(await headerOf(user, t0)).toEqual({ schoolName: "Школа № 1", badges: {}, unread: 1 });
    // Changed behind the process's back (another process): the header it kept stands a while…
    await notify();
    expect((await headerOf(user, t0 + 10_000)).unread).toBe(1);
    // …and is read again once a quarter of a minute has passed.
    expect((await headerOf(user, t0 + 15_000)).unread).toBe(2);

    // A form sent to this process (anyone's) means the next page reads it again, at once.
    await notify();
    expect((await headerOf(user, t0 + 16_000)).unread).toBe(2);
    sent("GET");
    expect((await headerOf(user, t0 + 16_000)).unread).toBe(2);
    sent("POST");
    expect((await headerOf(user, t0 + 16_000)).unread).toBe(3);
  });
});
