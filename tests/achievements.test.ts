import mongoose from "mongoose";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { AchievementModel } from "~models/achievement.server";
import { EvidenceModel, EVIDENCE_BUCKET } from "~models/evidence.server";
import { dayThisYear, demoIds, thisSchoolYear } from "./demo-ids";
import * as files from "./files";
import { followRedirect, get, pageText, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";

let ids: Awaited<ReturnType<typeof demoIds>>;
const cookies: Record<string, string> = {};

const demo = useDemoServer("achievements");
beforeAll(async () => {
  ids = await demoIds();
  for (const login of ["klass5a", "teacher", "admin", "parent", "parent2", "psychologist", "archivist", "klass9a"]) cookies[login] = await signInHttp(demo.server.url, login);
});

const OLYMPIAD = { kind: "olympiad", date: dayThisYear(20), olympiadType: "vsosh", stage: "regional", subject: "математика", status: "prizewinner", organiser: "Департамент образования", points: "41" };

async function submitForm(path: string, login: string, fields: Record<string, string>, attachments: { name: string; bytes: Buffer; type?: string }[] = []) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  for (const file of attachments) form.append("files", new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "image/jpeg" }), file.name);
  return fetch(`${demo.server.url}${path}`, { method: "POST", body: form, redirect: "manual", headers: { Cookie: cookies[login], Origin: demo.server.url } });
}

/** What the verifier's page carries: the version they looked at. */
const seenOf = async (id: string) => (await AchievementModel.findById(id).lean<{ updatedAt: Date }>())!.updatedAt.toISOString();

const stored = async () => ({
  achievements: await AchievementModel.countDocuments(),
  evidence: await EvidenceModel.countDocuments(),
  gridFs: await mongoose.connection.db!.collection(`${EVIDENCE_BUCKET}.files`).countDocuments(),
});

describe("entering, verifying and seeing an achievement", () => {
  let achievementId = "";
  let fileId = "";

  it("a subject teacher logs a regional ВсОШ prize with a photo of the diploma", async () => {
    const response = await submitForm(`/students/${ids.childA}/achievements/new`, "teacher", { ...OLYMPIAD, intent: "submit" }, [{ name: "Диплом призёра.jpg", bytes: await files.photoWithGps() }]);
    expect(response.status).toBe(302);
    achievementId = /\/achievements\/([a-f0-9]{24})/.exec(response.headers.get("location") ?? "")![1];
    const achievement = await AchievementModel.findById(achievementId).lean<{ status: string; title: string; academicYear: string; evidence: { fileId: unknown; name: string }[] }>();
    expect(achievement!.status).toBe("submitted");
    expect(achievement!.title).toBe("ВсОШ, региональный этап, математика — призёр");
    expect(achievement!.academicYear).toBe(thisSchoolYear());
    expect(achievement!.evidence[0].name).toBe("Диплом призёра.jpg");
    fileId = String(achievement!.evidence[0].fileId);
  });

  it("the stored photo has no GPS and is served with safe headers", async () => {
    const response = await get(demo.server.url, `/files/${fileId}`, cookies.klass5a);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    expect(response.headers.get("content-disposition")).toContain("filename*=UTF-8''%D0%94%D0%B8%D0%BF%D0%BB%D0%BE%D0%BC");
    expect(response.headers.get("content-security-policy")).toContain("sandbox");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect((await sharp(bytes).metadata()).exif).toBeUndefined();
    const thumb = await get(demo.server.url, `/files/${fileId}/thumbnail`, cookies.klass5a);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
  });

  it("only the class teacher or the admin verifies; the subject teacher cannot", async () => {
    const byTeacher = await post(demo.server.url, `/achievements/${achievementId}`, { intent: "verify", seen: await seenOf(achievementId) }, cookies.teacher);
    expect(byTeacher.status).toBe(404);
    const byOtherClassTeacher = await post(demo.server.url, `/achievements/${achievementId}`, { intent: "verify", seen: await seenOf(achievementId) }, cookies.klass9a);
    expect(byOtherClassTeacher.status).toBe(404);
    const byClassTeacher = await post(demo.server.url, `/achievements/${achievementId}`, { intent: "verify", seen: await seenOf(achievementId) }, cookies.klass5a);
    expect(byClassTeacher.status).toBe(302);
    expect(pageText(await (await followRedirect(demo.server.url, byClassTeacher, cookies.klass5a)).text())).toContain("Подтверждено");
    expect((await AchievementModel.findById(achievementId).lean<{ status: string }>())!.status).toBe("verified");
    // A second click (or a second verifier deciding at the same moment) changes nothing and says so.
    const again = await post(demo.server.url, `/achievements/${achievementId}`, { intent: "verify", seen: await seenOf(achievementId) }, cookies.klass5a);
    expect(again.status).toBe(409);
    expect(pageText(await again.text())).toContain("Состояние достижения уже изменилось");
  });

  it("a verdict holds only for the version the verifier saw", async () => {
    const response = await submitForm(`/students/${ids.childA}/achievements/new`, "teacher", { kind: "award", date: dayThisYear(40), reason: "за участие в субботнике", grantedBy: "директор школы", intent: "submit" }, [{ name: "приказ.png", bytes: await files.png(640, 480) }]);
    const id = /\/achievements\/([a-f0-9]{24})/.exec(response.headers.get("location")!)![1];
    const seen = await seenOf(id);
    // The author withdraws, edits and resubmits while the class teacher has the old page open.
    await post(demo.server.url, `/achievements/${id}`, { intent: "withdraw" }, cookies.teacher);
    await submitForm(`/achievements/${id}/edit`, "teacher", { kind: "award", date: dayThisYear(40), reason: "за победу в конкурсе", grantedBy: "директор школы", intent: "submit" });
    const stale = await post(demo.server.url, `/achievements/${id}`, { intent: "verify", seen }, cookies.klass5a);
    // Someone else changed it first: a conflict.
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("уже изменилось");
    expect((await AchievementModel.findById(id).lean<{ status: string }>())!.status).toBe("submitted");
  });

  it("the parent sees it with its thumbnail; the other family gets 404 for the page and the file", async () => {
    const page = await (await get(demo.server.url, `/family/${ids.childA}`, cookies.parent)).text();
    expect(page).toContain("ВсОШ, региональный этап, математика — призёр");
    expect(page).toContain(`/files/${fileId}/thumbnail`);
    expect((await get(demo.server.url, `/files/${fileId}/thumbnail`, cookies.parent)).status).toBe(200);
    expect((await get(demo.server.url, `/files/${fileId}`, cookies.parent2)).status).toBe(404);
    expect((await get(demo.server.url, `/files/${fileId}/thumbnail`, cookies.parent2)).status).toBe(404);
    expect((await get(demo.server.url, `/achievements/${achievementId}`, cookies.parent2)).status).toBe(404);
  });

  it("families never see an unverified achievement, nor its file", async () => {
    const response = await submitForm(`/students/${ids.childA}/achievements/new`, "klass5a", { kind: "gto", date: dayThisYear(30), badge: "gold", stage: "4", orderNumber: "123-п", orderDate: dayThisYear(10), certificateNumber: "25-77-0001234", intent: "submit" }, [{ name: "удостоверение.pdf", bytes: await files.pdf(), type: "application/pdf" }]);
    expect(response.status).toBe(302);
    const id = /\/achievements\/([a-f0-9]{24})/.exec(response.headers.get("location")!)![1];
    const doc = await AchievementModel.findById(id).lean<{ evidence: { fileId: unknown }[] }>();
    expect((await get(demo.server.url, `/achievements/${id}`, cookies.parent)).status).toBe(404);
    expect((await get(demo.server.url, `/files/${doc!.evidence[0].fileId}`, cookies.parent)).status).toBe(404);
    expect(pageText(await (await get(demo.server.url, `/family/${ids.childA}`, cookies.parent)).text())).not.toContain("ГТО: золотой знак");
    // A PDF is downloaded, never shown inline.
    expect((await get(demo.server.url, `/files/${doc!.evidence[0].fileId}`, cookies.klass5a)).headers.get("content-disposition")).toMatch(/^attachment/);
  });

  it("a rejection carries a reason the author sees", async () => {
    const response = await submitForm(`/students/${ids.childA}/achievements/new`, "teacher", { kind: "contest", date: dayThisYear(2), contestType: "creative", title: "Конкурс чтецов «Живая классика»", level: "municipal", status: "winner", intent: "submit" }, [{ name: "грамота.png", bytes: await files.png() }]);
    const id = /\/achievements\/([a-f0-9]{24})/.exec(response.headers.get("location")!)![1];
    const noReason = await post(demo.server.url, `/achievements/${id}`, { intent: "reject", reason: "", seen: await seenOf(id) }, cookies.klass5a);
    expect(await noReason.text()).toContain("Укажите причину отказа");
    await post(demo.server.url, `/achievements/${id}`, { intent: "reject", reason: "На грамоте другая фамилия", seen: await seenOf(id) }, cookies.klass5a);
    const seen = await (await get(demo.server.url, `/achievements/${id}`, cookies.teacher)).text();
    expect(seen).toContain("На грамоте другая фамилия");
    expect(seen).toContain("отклонено");
  });

  it("a verified achievement is locked: a correction is a new version that replaces it once verified", async () => {
    const correction = await submitForm(`/achievements/${achievementId}/edit`, "klass5a", { ...OLYMPIAD, points: "43", intent: "submit" });
    expect(correction.status).toBe(302);
    const newId = /\/achievements\/([a-f0-9]{24})/.exec(correction.headers.get("location")!)![1];
    expect(newId).not.toBe(achievementId);
    const original = await AchievementModel.findById(achievementId).lean<{ status: string; details: { points: number }; supersededBy: unknown }>();
    expect(original!.status).toBe("verified");
    expect(original!.details.points).toBe(41);
    expect(original!.supersededBy).toBeNull();
    const version2 = await AchievementModel.findById(newId).lean<{ version: number; evidence: unknown[] }>();
    expect(version2!.version).toBe(2);
    expect(version2!.evidence).toHaveLength(1); // the diploma carries over
    // Two people for every confirmation: the class teacher who wrote the correction does not verify it;
    // their queue says so, with the class and the author's name (no login).
    const queue = pageText(await (await get(demo.server.url, "/achievements", cookies.klass5a)).text());
    expect(queue).toContain("Обучающийся Класс Достижение");
    expect(queue).toMatch(/ 5А .*внесли вы — подтверждает другой/);
    expect(queue).not.toContain("(klass5a)");
    const own = await post(demo.server.url, `/achievements/${newId}`, { intent: "verify", seen: await seenOf(newId) }, cookies.klass5a);
    expect(own.status).toBe(400);
    expect(pageText(await own.text())).toContain("Это достижение внесли вы");
    expect((await AchievementModel.findById(newId).lean<{ status: string }>())!.status).toBe("submitted");
    await post(demo.server.url, `/achievements/${newId}`, { intent: "verify", seen: await seenOf(newId) }, cookies.admin);
    expect(String((await AchievementModel.findById(achievementId).lean<{ supersededBy: unknown }>())!.supersededBy)).toBe(newId);
    const page = pageText(await (await get(demo.server.url, `/achievements/${newId}`, cookies.klass5a)).text());
    expect(page).toContain("версия 1");
    expect(page).toContain("исправление версии 1");
    // The old version cannot be edited any more.
    expect((await get(demo.server.url, `/achievements/${achievementId}/edit`, cookies.klass5a)).status).toBe(404);
  });

  it("the class page counts each student's achievements", async () => {
    const raw = await (await get(demo.server.url, `/classes/${ids.class5a}`, cookies.klass5a)).text();
    const html = pageText(raw);
    expect(html).toContain("Достижений подтверждено");
    // In force or in progress: a superseded version does not count (the olympiad's two versions count once).
    const count = (status?: string) => AchievementModel.countDocuments({ studentId: ids.childA, supersededBy: null, $or: [{ supersedes: null }, { status: "verified" }], ...(status ? { status } : {}) });
    const [verified, submitted, total] = [await count("verified"), await count("submitted"), await count()];
    expect(total).toBeGreaterThan(verified);
    const { StudentModel, fullName } = await import("~models/student.server");
    const name = fullName((await StudentModel.findById(ids.childA).lean<{ lastName: string; firstName: string; middleName: string }>())!);
    expect(html).toMatch(new RegExp(`${name} \\d\\d\\.\\d\\d\\.\\d{4} ${verified} ${submitted || ""} ?${total} `));
  });
});

describe("bad input: refused with a Russian message, nothing stored", () => {
  const cases: [string, () => Promise<{ fields: Record<string, string>; files?: { name: string; bytes: Buffer }[] }>, RegExp][] = [
    ["an executable renamed .jpg", async () => ({ fields: OLYMPIAD, files: [{ name: "диплом.jpg", bytes: files.elfExecutable() }] }), /не изображение JPEG, PNG, WebP и не PDF/],
    ["an HTML file with a script", async () => ({ fields: OLYMPIAD, files: [{ name: "diploma.html", bytes: files.htmlWithScript() }] }), /не изображение/],
    ["an SVG with a script", async () => ({ fields: OLYMPIAD, files: [{ name: "diploma.svg", bytes: files.svgWithScript() }] }), /не изображение/],
    ["a JPEG/ZIP polyglot", async () => ({ fields: OLYMPIAD, files: [{ name: "photo.jpg", bytes: await files.jpegZipPolyglot() }] }), /спрятан архив/],
    ["a PNG declaring 50,000 × 50,000 pixels", async () => ({ fields: OLYMPIAD, files: [{ name: "bomb.png", bytes: files.pngBomb() }] }), /слишком большое/],
    ["a zero-byte file", async () => ({ fields: OLYMPIAD, files: [{ name: "пусто.jpg", bytes: Buffer.alloc(0) }] }), /файл пустой/],
    ["a file over the limit", async () => ({ fields: OLYMPIAD, files: [{ name: "big.jpg", bytes: Buffer.alloc(16 * 1024 * 1024, 1) }] }), /больше 15 МБ/],
    ["a truncated JPEG", async () => ({ fields: OLYMPIAD, files: [{ name: "cut.jpg", bytes: await files.truncatedJpeg() }] }), /повреждено или обрезано/],
    ["a «PDF» that is not one", async () => ({ fields: OLYMPIAD, files: [{ name: "fake.pdf", bytes: files.notAPdf() }] }), /PDF повреждён/],
    ["an encrypted PDF", async () => ({ fields: OLYMPIAD, files: [{ name: "secret.pdf", bytes: await files.encryptedPdf() }] }), /защищён паролем/],
    ["a good file beside a bad one", async () => ({ fields: OLYMPIAD, files: [{ name: "good.png", bytes: await files.png(801, 601) }, { name: "bad.jpg", bytes: files.elfExecutable() }] }), /«bad.jpg»/],
    ["points of the wrong type", async () => ({ fields: { ...OLYMPIAD, points: "много" } }), /Баллы: нужно число/],
    ["a ГТО stage of 19", async () => ({ fields: { kind: "gto", date: dayThisYear(30), badge: "gold", stage: "19", orderNumber: "1", orderDate: dayThisYear(10), certificateNumber: "2" } }), /Ступень: не больше 18/],
    ["negative volunteering hours", async () => ({ fields: { kind: "volunteering", date: dayThisYear(30), organisation: "Фонд", activity: "Помощь", periodFrom: dayThisYear(0), periodTo: dayThisYear(20), hours: "-5", confirmedBy: "dobro", confirmation: "123" } }), /Часов: не меньше 1/],
    ["a date in the future", async () => ({ fields: { ...OLYMPIAD, date: "2031-05-01" } }), /дата в будущем/],
    ["a status not in the list", async () => ({ fields: { ...OLYMPIAD, status: "king" } }), /выберите значение из списка/],
    ["an unknown kind", async () => ({ fields: { ...OLYMPIAD, kind: "bribe" } }), /Выберите вид достижения/],
    ["another student's id in the form", async () => ({ fields: { ...OLYMPIAD, studentId: ids.childB } }), /другому обучающемуся/],
  ];

  for (const [label, make, message] of cases) {
    it(label, async () => {
      const before = await stored();
      const { fields, files: attachments = [] } = await make();
      const response = await submitForm(`/students/${ids.childA}/achievements/new`, "klass5a", { ...fields, intent: "submit" }, attachments);
      expect(response.status).toBe(400);
      const html = pageText(await response.text());
      expect(html).toMatch(message);
      expect(await stored()).toEqual(before);
    });
  }

  it("the same document twice for one student is noticed", async () => {
    const photo = await files.photoWithGps(900, 700);
    const first = await submitForm(`/students/${ids.childA}/achievements/new`, "klass5a", { ...OLYMPIAD, subject: "физика", intent: "draft" }, [{ name: "a.jpg", bytes: photo }]);
    expect(first.status).toBe(302);
    const before = await stored();
    const second = await submitForm(`/students/${ids.childA}/achievements/new`, "klass5a", { ...OLYMPIAD, subject: "химия", intent: "draft" }, [{ name: "b.jpg", bytes: photo }]);
    expect(second.status).toBe(400);
    expect(await second.text()).toContain("уже загружен для этого обучающегося");
    expect(await stored()).toEqual(before);
  });

  it("a teacher cannot add to a student outside their classes, by a copied id", async () => {
    const before = await stored();
    const response = await submitForm(`/students/${ids.student9b}/achievements/new`, "klass5a", { ...OLYMPIAD, intent: "submit" }, [{ name: "x.png", bytes: await files.png() }]);
    expect(response.status).toBe(404);
    expect(await stored()).toEqual(before);
  });

  it("the archivist and families cannot enter anything", async () => {
    for (const login of ["archivist", "parent"]) {
      const response = await submitForm(`/students/${ids.childA}/achievements/new`, login, { ...OLYMPIAD, intent: "submit" });
      expect(response.status, login).toBe(404);
    }
  });
});
