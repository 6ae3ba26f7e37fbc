// The audit log reads as words: people by name, each change «поле: было → стало», pages, and the
// filtered view as a spreadsheet.
import ExcelJS from "exceljs";
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { changeText, describeChange } from "~/domain/audit-change";
import { get, pageText, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";

describe("the wording of a change", () => {
  it("says which fields changed, in Russian, with coded values named", () => {
    const lines = describeChange(
      { details: { olympiadType: "vsosh", stage: "regional", points: 41 }, status: "submitted", date: new Date("2026-03-05T00:00:00Z") },
      { details: { olympiadType: "vsosh", stage: "final", points: 43 }, status: "verified", date: new Date("2026-03-05T00:00:00Z") },
    );
    expect(changeText(lines)).toBe("этап всош: региональный → заключительный; баллы: 41 → 43; состояние: на проверке → подтверждено");
  });

  it("tells a record's own state from a field of the same name inside it", () => {
    const text = changeText(describeChange({ details: { status: "prizewinner" }, status: "submitted" }, { details: { status: "winner" }, status: "submitted" }));
    expect(text).toBe("результат: призёр → победитель");
  });

  it("names a person behind an id and never shows an id it cannot name", () => {
    const teacher = new mongoose.Types.ObjectId();
    const stranger = new mongoose.Types.ObjectId();
    const text = changeText(describeChange({ classTeacherId: teacher }, { classTeacherId: stranger }, new Map([[String(teacher), "Кузнецова Марина Сергеевна"]])));
    expect(text).toBe("классный руководитель: Кузнецова Марина Сергеевна → запись");
    expect(text).not.toMatch(/[0-9a-f]{24}/);
  });

  it("a created record lists what it was made with; booleans and settings read as words", () => {
    expect(changeText(describeChange(null, { включено: true }))).toBe("включено: — → да");
    expect(changeText(describeChange({ минут: 30 }, { минут: 45 }))).toBe("минут: 30 → 45");
  });
});

const demo = useDemoServer("audit-log");
let admin: string;
beforeAll(async () => {
  admin = await signInHttp(demo.server.url, "admin");
  // A change worth reading: the session time of the staff.
  await post(demo.server.url, "/admin/settings", { intent: "sessions", idleMinutes: "45" }, admin);
});

describe("the log's page and export", () => {
  it("shows people by name and the change in words, no login, id or JSON", async () => {
    const html = pageText(await (await get(demo.server.url, "/admin/audit?action=update", admin)).text());
    expect(html).toContain("Соколова Ирина Викторовна");
    expect(html).toMatch(/минут: \d+ → 45/);
    expect(html).not.toContain("(admin)");
    expect(html).not.toContain('"было"');
    expect(html).not.toMatch(/user [0-9a-f]{6}/);
  });

  it("pages through a long log", async () => {
    // Each look at the risk group is a line of its own.
    for (let i = 0; i < 110; i++) await get(demo.server.url, "/risk", admin);
    const first = pageText(await (await get(demo.server.url, "/admin/audit", admin)).text());
    const pages = Number(/страница 1 из (\d+)/.exec(first)![1]);
    expect(pages).toBeGreaterThan(1);
    const second = pageText(await (await get(demo.server.url, "/admin/audit?page=2", admin)).text());
    expect(second).toContain(`Страница 2 из ${pages}`);
    // A page past the end or a broken number is not an error.
    expect((await get(demo.server.url, "/admin/audit?page=99999", admin)).status).toBe(200);
    expect((await get(demo.server.url, "/admin/audit?page=-3&user={$ne:1}", admin)).status).toBe(200);
  });

  it("exports the filtered view with real dates and the change in words", async () => {
    const response = await get(demo.server.url, "/admin/audit.xlsx?action=update", admin);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet("Журнал")!;
    expect(sheet.getRow(3).values).toEqual([undefined, "Когда", "Кто", "Действие", "Что", "Изменения", "Обучающийся", "Адрес"]);
    const rows = sheet.getRows(4, sheet.rowCount - 3)!;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.getCell(1).value).toBeInstanceOf(Date);
      expect(row.getCell(3).value).toBe("изменение");
    }
    expect(rows.some((r) => /минут: \d+ → 45/.test(String(r.getCell(5).value)))).toBe(true);
    expect((await get(demo.server.url, "/admin/audit.xlsx", await signInHttp(demo.server.url, "klass5a"))).status).toBe(404);
  });
});
