// Families propose achievements; the class teacher hears of it, refuses with a reason, the family
// corrects and resends; notifications are per person and read once opened.
import { beforeAll, describe, expect, it } from "vitest";
import { AchievementModel } from "~models/achievement.server";
import { NotificationModel } from "~models/notification.server";
import { UserModel } from "~models/user.server";
import { dayThisYear, demoIds } from "./demo-ids";
import { pdf, png } from "./files";
import { get, pageText, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";

let ids: Awaited<ReturnType<typeof demoIds>>;
const cookies: Record<string, string> = {};
const demo = useDemoServer("family-proposals");
beforeAll(async () => {
  ids = await demoIds();
  for (const login of ["parent", "parent2", "student", "klass5a", "admin", "teacher"]) cookies[login] = await signInHttp(demo.server.url, login);
});

const AWARD = { kind: "award", date: dayThisYear(20), reason: "за победу в городском конкурсе чтецов", grantedBy: "Дом культуры «Юность»", intent: "submit" };
let shots = 0;
async function send(path: string, login: string, fields: Record<string, string>, file?: { name: string; bytes: Buffer; type: string }) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  const attached = file ?? { name: "грамота.png", bytes: await png(300 + ++shots, 200), type: "image/png" };
  form.append("files", new Blob([new Uint8Array(attached.bytes)], { type: attached.type }), attached.name);
  return fetch(`${demo.server.url}${path}`, { method: "POST", body: form, redirect: "manual", headers: { Cookie: cookies[login], Origin: demo.server.url } });
}
const unreadOf = async (login: string) => NotificationModel.countDocuments({ userId: (await UserModel.findOne({ login }).lean<{ _id: unknown }>())!._id, readAt: null });

describe("a family's proposal", () => {
  let id = "";

  it("enters the queue as submitted, marked as the family's, and the class teacher is told", async () => {
    const before = await unreadOf("klass5a");
    const response = await send(`/family/${ids.childA}/proposals`, "parent", AWARD);
    expect(response.status).toBe(302);
    const stored = (await AchievementModel.findOne({ studentId: ids.childA, "details.reason": AWARD.reason }).lean<{ _id: unknown; status: string; source: string }>())!;
    expect(stored.status).toBe("submitted");
    expect(stored.source).toBe("family");
    id = String(stored._id);
    expect(await unreadOf("klass5a")).toBe(before + 1);
    const queue = pageText(await (await get(demo.server.url, "/achievements?origin=family", cookies.klass5a)).text());
    expect(queue).toContain("предложено семьёй");
    expect(queue).toContain(AWARD.reason);
  });

  it("refused with a reason: the family reads it, corrects and resends; the class teacher is told again", async () => {
    const seen = (await AchievementModel.findById(id).lean<{ updatedAt: Date }>())!.updatedAt.toISOString();
    expect((await post(demo.server.url, `/achievements/${id}`, { intent: "reject", reason: "на грамоте не видна печать", seen }, cookies.klass5a)).status).toBe(302);
    const page = pageText(await (await get(demo.server.url, `/family/${ids.childA}/proposals`, cookies.parent)).text());
    expect(page).toContain("Причина: на грамоте не видна печать");
    expect(await NotificationModel.exists({ text: /Достижение отклонено .*на грамоте не видна печать/ })).not.toBeNull();
    const before = await unreadOf("klass5a");
    const resent = await send(`/family/${ids.childA}/proposals/${id}`, "parent", { ...AWARD, grantedBy: "Дом культуры «Юность», печать на обороте" }, { name: "грамота с печатью.pdf", bytes: await pdf("Грамота"), type: "application/pdf" });
    expect(resent.status).toBe(302);
    const again = (await AchievementModel.findById(id).lean<{ status: string; evidence: unknown[]; rejectionReason: string }>())!;
    expect(again.status).toBe("submitted");
    expect(again.rejectionReason).toBe("");
    expect(again.evidence).toHaveLength(2);
    expect(await unreadOf("klass5a")).toBe(before + 1);
    // Only a refused one is corrected here: now it waits, the page is not there.
    expect((await get(demo.server.url, `/family/${ids.childA}/proposals/${id}`, cookies.parent)).status).toBe(404);
  });

  it("another family, a staff member and a forged file get nothing written", async () => {
    const count = await AchievementModel.countDocuments({});
    expect((await send(`/family/${ids.childA}/proposals`, "parent2", AWARD)).status).toBe(404);
    expect((await send(`/family/${ids.childA}/proposals`, "teacher", AWARD)).status).toBe(404);
    const lying = await send(`/family/${ids.childA}/proposals`, "parent", { ...AWARD, reason: "другая грамота" }, { name: "диплом.jpg", bytes: Buffer.from("это не картинка, а текст"), type: "image/jpeg" });
    expect(lying.status).toBe(400);
    expect(pageText(await lying.text())).toContain("это не изображение JPEG, PNG, WebP и не PDF");
    // УУД diagnostics are the specialists' records: a family cannot enter one.
    const uud = await send(`/family/${ids.childA}/proposals`, "parent", { kind: "uud", date: AWARD.date, uudType: "regulatory", diagnostic: "наблюдение", uudLevel: "high", intent: "submit" });
    expect(uud.status).toBe(400);
    expect(pageText(await uud.text())).toContain("Этот вид достижения вы вносить не можете");
    const json = await fetch(`${demo.server.url}/family/${ids.childA}/proposals`, { method: "POST", body: JSON.stringify(AWARD), redirect: "manual", headers: { Cookie: cookies.parent, Origin: demo.server.url, "Content-Type": "application/json" } });
    expect(json.status).toBe(415);
    expect(await AchievementModel.countDocuments({})).toBe(count);
  });
});

describe("notifications", () => {
  it("are read once their page is opened, and are each person's own", async () => {
    expect(await unreadOf("parent")).toBeGreaterThan(0);
    const page = pageText(await (await get(demo.server.url, "/notifications", cookies.parent)).text());
    expect(page).toContain("Достижение отклонено");
    expect(await unreadOf("parent")).toBe(0);
    expect(pageText(await (await get(demo.server.url, "/notifications", cookies.parent2)).text())).not.toContain("Достижение отклонено");
  });

  it("a bad mail address is refused beside its field and nothing is saved", async () => {
    const bad = await post(demo.server.url, "/notifications", { intent: "mail", email: "не адрес", on: "on" }, cookies.parent);
    expect(bad.status).toBe(400);
    expect(pageText(await bad.text())).toContain("Адрес почты вида name@example.ru");
    expect((await UserModel.findOne({ login: "parent" }).lean<{ email: string }>())!.email).toBe("");
  });
});
