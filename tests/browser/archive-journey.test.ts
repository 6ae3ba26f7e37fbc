// The journey of issue «the yearly archive»: the archivist makes last year's archive from the
// page and watches it progress, downloads it (the file's SHA-256 is the one the page shows) and
// verifies it; the deputy director closes the current year, keeping one student back.
import crypto from "node:crypto";
import fs from "node:fs";
import mongoose, { type Types } from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyArchive } from "~/archive/verify.server";
import { getCurrentYear } from "~models/academic-year.server";
import { EnrolmentModel, fullName, StudentModel, type Student } from "~models/student.server";
import { ClassModel } from "~models/class.server";
import { demoIds } from "../demo-ids";
import { asUser } from "../setup/browser";
import { useDemoServer } from "../setup/demo-server";

const demo = useDemoServer("archivejourney", { browser: true });
let ids: Awaited<ReturnType<typeof demoIds>>;
beforeAll(async () => {
  ids = await demoIds();
});

describe("the yearly archive from the page", () => {
  it("the archivist exports last year with progress, downloads and verifies it", async () => {
    await asUser(demo.browser, demo.server.url, "archivist", async (page) => {
      await page.click("nav >> text=Архив");
      await page.waitForURL(/\/archive$/);
      await page.selectOption('select[name="schoolYear"]', "2025/2026");
      await page.click("text=Сделать архив года");
      const card = page.locator('section[aria-label="Архив 2025/2026"]');
      // The page shows the job while it runs, then the finished file.
      await expect.poll(() => card.textContent(), { timeout: 10_000, interval: 50 }).toMatch(/выгружается|готов/);
      await expect.poll(() => card.locator("h3").textContent(), { timeout: 60_000 }).toContain("готов");
      const shown = /SHA-256 архива: ([0-9a-f]{64})/.exec((await card.textContent())!)![1];
      const [download] = await Promise.all([page.waitForEvent("download"), card.locator("text=Скачать").click()]);
      const saved = (await download.path())!;
      expect(crypto.createHash("sha256").update(fs.readFileSync(saved)).digest("hex")).toBe(shown);
      expect((await verifyArchive(saved)).ok).toBe(true);
      await card.locator("text=Проверить архив").click();
      await expect.poll(() => card.textContent(), { timeout: 30_000 }).toContain("все контрольные суммы совпадают");
    });
  });

  it("the deputy director closes the year, keeping one student back", async () => {
    const year = (await getCurrentYear(ids.schoolId))!;
    const class5a = new mongoose.Types.ObjectId(ids.class5a);
    const first = (await EnrolmentModel.findOne({ classId: class5a }).sort({ _id: 1 }).lean<{ studentId: Types.ObjectId }>())!.studentId;
    const student = (await StudentModel.findById(first).lean<Student>())!;
    await asUser(demo.browser, demo.server.url, "admin", async (page) => {
      await page.click("nav >> text=Администрирование");
      await page.click("nav >> text=Учебный год");
      await page.click("summary >> text=5А → 6А");
      await page.selectOption(`select[aria-label="${fullName(student)}: перевод"]`, "repeat");
      await page.fill('input[name="confirm"]', year.name);
      await page.click(`text=Закрыть ${year.name}`);
      await expect.poll(() => page.locator('[role="status"]').textContent()).toContain("оставлено на второй год: 1");
    });
    const next = (await getCurrentYear(ids.schoolId))!;
    expect(next.name).not.toBe(year.name);
    const enrolment = (await EnrolmentModel.findOne({ studentId: first, yearId: next._id }).lean<{ classId: Types.ObjectId }>())!;
    expect((await ClassModel.findById(enrolment.classId).lean<{ grade: number }>())!.grade).toBe(5);
  });
});
