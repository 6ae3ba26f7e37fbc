// Each member of staff lands on a page that says what waits for them; the navigation stays short;
// the school decides whether the author of an entry may confirm it.
import { beforeAll, describe, expect, it } from "vitest";
import { navFor } from "~/auth/permissions";
import { AchievementModel } from "~models/achievement.server";
import { ROLES } from "~models/vocabulary/roles";
import { dayThisYear, demoIds } from "./demo-ids";
import { png } from "./files";
import { followRedirect, get, pageText, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";

let ids: Awaited<ReturnType<typeof demoIds>>;
const cookies: Record<string, string> = {};
const demo = useDemoServer("staff-home");
beforeAll(async () => {
  ids = await demoIds();
  for (const login of ["admin", "klass5a", "teacher", "psychologist", "archivist"]) cookies[login] = await signInHttp(demo.server.url, login);
});

let entered = 0;
/** An award for the 5А student entered (and sent for review) by `login`; its id. */
async function enter(login: string, reason: string) {
  const form = new FormData();
  for (const [key, value] of Object.entries({ kind: "award", date: dayThisYear(25), reason, grantedBy: "директор школы", intent: "submit" })) form.append(key, value);
  form.append("files", new Blob([new Uint8Array(await png(500 + ++entered, 300))], { type: "image/png" }), "грамота.png");
  const response = await fetch(`${demo.server.url}/students/${ids.childA}/achievements/new`, { method: "POST", body: form, redirect: "manual", headers: { Cookie: cookies[login], Origin: demo.server.url } });
  expect(response.status, pageText(await response.text())).toBe(302);
  return /\/achievements\/([a-f0-9]{24})/.exec(response.headers.get("location")!)![1];
}
const seenOf = async (id: string) => (await AchievementModel.findById(id).lean<{ updatedAt: Date }>())!.updatedAt.toISOString();
const statusOf = async (id: string) => (await AchievementModel.findById(id).lean<{ status: string }>())!.status;

describe("navigation", () => {
  it("no role has more than seven top entries; the administration's settings are grouped", () => {
    for (const role of ROLES) expect(navFor([role]).length, role).toBeLessThanOrEqual(7);
    expect(navFor(["admin", "classTeacher", "teacher", "specialist", "archivist"]).length).toBeLessThanOrEqual(7);
    const admin = navFor(["admin"]).find((e) => e.label === "Администрирование")!;
    expect(admin.items.map((i) => i.label)).toEqual(expect.arrayContaining(["Настройки", "Пользователи", "Учебный год", "Архив", "Сроки хранения", "Журнал доступа"]));
    // A group with one page for this person is that page.
    expect(navFor(["archivist"]).map((e) => e.label)).toContain("Архив");
  });

  it("staff land on their home page after signing in", async () => {
    const form = new URLSearchParams({ login: "teacher", password: "demo-2026" });
    const response = await fetch(`${demo.server.url}/login`, { method: "POST", body: form, redirect: "manual", headers: { Origin: demo.server.url } });
    expect(response.headers.get("location")).toBe("/home");
  });
});

describe("home pages", () => {
  it("the class teacher's home counts the entries on review, and the badge says the same", async () => {
    const html = await (await get(demo.server.url, "/home", cookies.klass5a)).text();
    const queue = pageText(await (await get(demo.server.url, "/achievements", cookies.klass5a)).text());
    const waiting = Number(/Всего (\d+) достижени/.exec(queue)![1]);
    expect(waiting).toBeGreaterThan(0);
    expect(pageText(html)).toContain(`${waiting} Достижения на проверке в ваших классах`);
    expect(html).toContain('href="/achievements"');
    // The queue's own entry in the group's row carries the same count.
    expect(pageText(await (await get(demo.server.url, "/achievements", cookies.klass5a)).text())).toContain(`На проверке ждут: ${waiting}`);
    expect(pageText(html)).toContain("Мои классы 5А");
  });

  it("a subject teacher sees their own refused entry with its reason", async () => {
    const id = await enter("teacher", "за победу в конкурсе рисунков");
    const refused = await post(demo.server.url, `/achievements/${id}`, { intent: "reject", reason: "нет подписи на грамоте", seen: await seenOf(id) }, cookies.klass5a);
    expect(refused.status).toBe(302);
    const home = pageText(await (await get(demo.server.url, "/home", cookies.teacher)).text());
    expect(home).toContain("1 Мои отклонённые записи");
    expect(home).toMatch(/Поощрение: за победу в конкурсе рисунков .*отклонено нет подписи на грамоте/);
  });

  it("the administration, the psychologist and the archivist each see their own counts", async () => {
    const admin = pageText(await (await get(demo.server.url, "/home", cookies.admin)).text());
    for (const label of ["Заявления о зачёте результатов", "Проходят в ГИР, но не включены", "Закрытые годы без проверенного архива", "Учебный год"]) expect(admin).toContain(label);
    // Documents are signed by the certificate the registry made until the school uploads its own.
    expect(admin).toContain("1 Сертификат электронной подписи самоподписанный, создан реестром: загрузите сертификат школы");
    const psychologist = pageText(await (await get(demo.server.url, "/home", cookies.psychologist)).text());
    expect(psychologist).toMatch(/\d+ Группа риска по всей школе/);
    expect(psychologist).toContain("Маршруты к пересмотру");
    const archivist = pageText(await (await get(demo.server.url, "/home", cookies.archivist)).text());
    expect(archivist).toContain("Закрытые годы без проверенного архива");
    expect(archivist).not.toContain("Достижения на проверке");
  });
});

describe("«подтверждает не автор записи»", () => {
  it("on (the default): the class teacher does not confirm their own entry; the administration may", async () => {
    const id = await enter("klass5a", "за организацию классного часа");
    const queue = await (await get(demo.server.url, "/achievements", cookies.klass5a)).text();
    expect(queue).not.toContain(`value="${id}|`);
    const own = await post(demo.server.url, `/achievements/${id}`, { intent: "verify", seen: await seenOf(id) }, cookies.klass5a);
    expect(own.status).toBe(400);
    const many = await post(demo.server.url, "/achievements?index", { intent: "verify-many", entry: `${id}|${await seenOf(id)}` }, cookies.klass5a);
    expect(many.status).toBe(409);
    expect(pageText(await many.text())).toContain("Это достижение внесли вы");
    expect(await statusOf(id)).toBe("submitted");
    const adminOwn = await enter("admin", "за подготовку школьной выставки");
    expect((await post(demo.server.url, `/achievements/${adminOwn}`, { intent: "verify", seen: await seenOf(adminOwn) }, cookies.admin)).status).toBe(302);
    expect(await statusOf(adminOwn)).toBe("verified");
  });

  it("off: the author confirms their own entry; the change of the setting is logged", async () => {
    const saved = await post(demo.server.url, "/admin/settings", { intent: "verification" }, cookies.admin);
    expect(pageText(await (await followRedirect(demo.server.url, saved, cookies.admin)).text())).toContain("автор записи может подтвердить её сам");
    const id = await enter("klass5a", "за дежурство по школе");
    const confirmed = await post(demo.server.url, `/achievements/${id}`, { intent: "verify", seen: await seenOf(id) }, cookies.klass5a);
    expect(confirmed.status).toBe(302);
    expect(await statusOf(id)).toBe("verified");
    await post(demo.server.url, "/admin/settings", { intent: "verification", authorMayNotVerify: "on" }, cookies.admin);
    const next = await enter("klass5a", "за дежурство в столовой");
    expect((await post(demo.server.url, `/achievements/${next}`, { intent: "verify", seen: await seenOf(next) }, cookies.klass5a)).status).toBe(400);
  });

  it("a bulk confirmation with nothing chosen or a forged entry writes nothing", async () => {
    const empty = await post(demo.server.url, "/achievements?index", { intent: "verify-many" }, cookies.klass5a);
    expect(empty.status).toBe(400);
    expect(pageText(await empty.text())).toContain("Отметьте хотя бы одно достижение");
    const forged = await post(demo.server.url, "/achievements?index", { intent: "verify-many", entry: "{$ne:1}" }, cookies.klass5a);
    expect(forged.status).toBe(400);
    const other = await post(demo.server.url, "/achievements?index", { intent: "verify-many", entry: `${ids.missing}|2026-01-01T00:00:00.000Z` }, cookies.klass5a);
    expect(pageText(await other.text())).toContain("не найдено");
  });
});
