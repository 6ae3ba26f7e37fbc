// Portfolio PDFs, family extracts and the public verify page, through the running server as the
// families and the staff use them (seed 004 §4.9, §6.2–6.3; seed 001: printouts are certified).
import crypto from "node:crypto";
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { AchievementModel } from "~models/achievement.server";
import { AuditModel } from "~models/audit.server";
import { ExtractRequestModel, IssuedDocumentModel } from "~models/document.server";
import { EnrolmentModel, StudentModel, fullName } from "~models/student.server";
import { demoIds } from "./demo-ids";
import { pdfText, readZip, renderPdf } from "./pdf";
import { followRedirect, get, pageText, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";

let ids: Awaited<ReturnType<typeof demoIds>>;
const cookies: Record<string, string> = {};
const demo = useDemoServer("documents");
beforeAll(async () => {
  ids = await demoIds();
  for (const login of ["admin", "klass5a", "klass9a", "teacher", "parent", "parent2", "student"]) cookies[login] = await signInHttp(demo.server.url, login);
});

const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());
const sha256 = (bytes: Uint8Array) => crypto.createHash("sha256").update(bytes).digest("hex");
const codeIn = (text: string) => /Код проверки: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(text)?.[1];
const WHOLE = { section: ["achievements", "activity", "results", "metasubject", "personal"] };
const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  return body;
};
const postForm = (path: string, fields: Record<string, string | string[]>, cookie: string) =>
  fetch(`${demo.server.url}${path}`, { method: "POST", redirect: "manual", body: form(fields), headers: { Cookie: cookie, Origin: demo.server.url } });

describe("the portfolio PDF", () => {
  it("holds the student's name in Cyrillic, every verified achievement and none of the others, and renders", async () => {
    const response = await get(demo.server.url, `/students/${ids.childA}/portfolio.pdf`, cookies.klass5a);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const bytes = await bytesOf(response);
    const text = pdfText(bytes);
    const student = (await StudentModel.findById(ids.childA).lean<{ lastName: string; firstName: string; middleName: string }>())!;
    expect(text).toContain(fullName(student));
    expect(text).toContain("Муниципальное бюджетное общеобразовательное учреждение");

    const all = await AchievementModel.find({ studentId: ids.childA, supersededBy: null }).lean<{ title: string; status: string }[]>();
    const verified = all.filter((a) => a.status === "verified").map((a) => a.title);
    const others = all.filter((a) => a.status !== "verified" && !verified.includes(a.title)).map((a) => a.title);
    expect(verified.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    for (const title of verified) expect(text.replace(/\s+/g, " ")).toContain(title.split(" — ")[0]);
    for (const title of others) expect(text).not.toContain(title.split(" — ")[0]);
    // Each achievement with its organiser; documents by what they are, never by a file's name.
    const organisers = await AchievementModel.distinct("details.organiser", { studentId: ids.childA, status: "verified", supersededBy: null, "details.organiser": { $nin: [null, ""] } });
    expect(organisers.length).toBeGreaterThan(0);
    for (const organiser of organisers) expect(text).toContain(`Организатор: ${organiser}`.replace(/\s+/g, " "));
    expect(text).toMatch(/Диплом (победителя|призёра)|Сертификат участника|Грамота|Удостоверение к знаку ГТО/);
    expect(text).not.toMatch(/\.(jpe?g|png|webp|pdf)\b/i);
    // The title page sums it up: counts by kind and level, the highest results.
    expect(text).toMatch(/Кратко .*: \d+/);
    expect(text).toContain("Высшие результаты:");

    const rendered = renderPdf(bytes);
    expect(rendered.status).toBe(0);
    expect(rendered.stderr).toBe("");
    expect(rendered.pages).toBeGreaterThanOrEqual(2);
    // A blank page renders to a tiny PNG; a page with text and lines does not.
    expect(rendered.smallest).toBeGreaterThan(2000);

    const code = codeIn(text)!;
    const issued = await IssuedDocumentModel.findOne({ code }).lean<{ sha256: string; studentId: unknown; kind: string }>();
    expect(issued).toMatchObject({ sha256: sha256(bytes), kind: "portfolio" });
    expect(await AuditModel.exists({ action: "download", entity: "document", studentId: ids.childA })).not.toBeNull();
  });

  it("is out of reach for staff who do not teach the student and for families", async () => {
    expect((await get(demo.server.url, `/students/${ids.student9b}/portfolio.pdf`, cookies.klass5a)).status).toBe(404);
    expect((await get(demo.server.url, `/students/${ids.childA}/portfolio.pdf`, cookies.parent)).status).toBe(404);
  });
});

describe("the verify page", () => {
  it("finds a real code, shows its hash and no personal data; a changed byte no longer matches; a made-up code is not found", async () => {
    const bytes = await bytesOf(await get(demo.server.url, `/students/${ids.childA}/portfolio.pdf`, cookies.klass5a));
    const code = codeIn(pdfText(bytes))!;
    const page = await get(demo.server.url, `/verify/${code}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const text = pageText(html);
    expect(text).toContain("Документ выдан образовательной организацией и действителен");
    expect(text).toContain(sha256(bytes));
    expect(text).toContain("2026/2027");
    const student = (await StudentModel.findById(ids.childA).lean<{ lastName: string; firstName: string; birthDate: Date }>())!;
    expect(html).not.toContain(student.lastName);
    expect(html).not.toContain(student.firstName);
    expect(html).not.toContain(String(ids.childA));

    const tampered = Uint8Array.from(bytes);
    tampered[Math.floor(tampered.length / 2)] ^= 0x01;
    expect(text).not.toContain(sha256(tampered));

    // Typed from paper: lower case, spaces instead of dashes.
    expect((await get(demo.server.url, `/verify/${code.toLowerCase().replace(/-/g, "")}`)).status).toBe(200);
    const missing = await get(demo.server.url, "/verify/ZZZZ-ZZZZ-ZZZZ");
    expect(missing.status).toBe(404);
    expect(pageText(await missing.text())).toContain("не найден");
    expect((await get(demo.server.url, "/verify/%27%3B%20DROP%20--")).status).toBe(404);
  });
});

describe("family extracts", () => {
  it("a parent asks, the class teacher approves, the parent downloads exactly the issued file; the student sees it too", async () => {
    const before = await ExtractRequestModel.countDocuments({ studentId: ids.childA });
    const asked = await postForm(`/family/${ids.childA}/extracts`, { section: ["achievements", "results"], purpose: "для олимпиадной школы", thumbnails: "on" }, cookies.parent);
    expect(pageText(await (await followRedirect(demo.server.url, asked, cookies.parent)).text())).toContain("Заявление отправлено");
    const request = (await ExtractRequestModel.findOne({ studentId: ids.childA, purpose: "для олимпиадной школы" }).lean<{ _id: unknown; sections: string[] }>())!;
    expect(request.sections).toEqual(["achievements", "results"]);
    expect(await ExtractRequestModel.countDocuments({ studentId: ids.childA })).toBe(before + 1);

    const queue = pageText(await (await get(demo.server.url, "/extracts", cookies.klass5a)).text());
    expect(queue).toContain("для олимпиадной школы");
    const approved = await post(demo.server.url, "/extracts", { intent: "approve", id: String(request._id) }, cookies.klass5a);
    expect(pageText(await (await followRedirect(demo.server.url, approved, cookies.klass5a)).text())).toContain("Выписка выдана");
    const again = await post(demo.server.url, "/extracts", { intent: "approve", id: String(request._id) }, cookies.klass5a);
    expect(again.status).toBe(409);
    expect(pageText(await again.text())).toContain("уже рассмотрено");
    expect(await IssuedDocumentModel.countDocuments({ extractId: request._id })).toBe(1);

    const familyPage = pageText(await (await get(demo.server.url, `/family/${ids.childA}/extracts`, cookies.parent)).text());
    expect(familyPage).toContain("выдана");
    const download = await get(demo.server.url, `/extracts/${String(request._id)}.pdf`, cookies.parent);
    expect(download.status).toBe(200);
    const bytes = await bytesOf(download);
    const document = (await IssuedDocumentModel.findOne({ extractId: request._id }).lean<{ sha256: string; code: string }>())!;
    expect(sha256(bytes)).toBe(document.sha256);
    const text = pdfText(bytes);
    expect(text).toContain("ВЫПИСКА ИЗ ПОРТФОЛИО");
    expect(text).toContain("для олимпиадной школы");
    expect(text).not.toContain("Метапредметные результаты (УУД)");
    // The student sees and downloads their own extract too.
    expect(sha256(await bytesOf(await get(demo.server.url, `/extracts/${String(request._id)}.pdf`, cookies.student)))).toBe(document.sha256);
    expect(await AuditModel.exists({ action: "download", entity: "document", entityId: String((await IssuedDocumentModel.findOne({ extractId: request._id }))!._id) })).not.toBeNull();
  });

  it("another family cannot ask for, see or download it; nor can staff download a family's extract", async () => {
    const count = await ExtractRequestModel.countDocuments();
    expect((await postForm(`/family/${ids.childA}/extracts`, { ...WHOLE, purpose: "чужой ребёнок" }, cookies.parent2)).status).toBe(404);
    // A student cannot ask (only a legal representative does).
    expect((await postForm(`/family/${ids.childA}/extracts`, { ...WHOLE, purpose: "сам себе" }, cookies.student)).status).toBe(404);
    expect(await ExtractRequestModel.countDocuments()).toBe(count);
    expect((await get(demo.server.url, `/family/${ids.childA}/extracts`, cookies.parent2)).status).toBe(404);
    const issued = (await IssuedDocumentModel.findOne({ studentId: ids.childA, kind: "extract", withdrawnAt: null }).lean<{ extractId: unknown }>())!;
    for (const login of ["parent2", "klass5a", "admin", "teacher"]) {
      expect((await get(demo.server.url, `/extracts/${String(issued.extractId)}.pdf`, cookies[login])).status, login).toBe(404);
    }
    // A class teacher of another class does not see or decide this family's requests.
    const pending = (await ExtractRequestModel.findOne({ studentId: ids.childA, status: "requested" }).lean<{ _id: unknown; purpose: string }>())!;
    expect(pageText(await (await get(demo.server.url, "/extracts", cookies.klass9a)).text())).not.toContain(pending.purpose);
    expect((await post(demo.server.url, "/extracts", { intent: "approve", id: String(pending._id) }, cookies.klass9a)).status).toBe(404);
  });

  it("bad requests get a Russian reason and write nothing", async () => {
    const count = await ExtractRequestModel.countDocuments();
    const none = await postForm(`/family/${ids.childA}/extracts`, { purpose: "для конкурса" }, cookies.parent);
    expect(none.status).toBe(400);
    expect(pageText(await none.text())).toContain("Выберите хотя бы один раздел");
    const odd = await postForm(`/family/${ids.childA}/extracts`, { section: ["<script>"], purpose: "для конкурса" }, cookies.parent);
    expect(odd.status).toBe(400);
    const noPurpose = await postForm(`/family/${ids.childA}/extracts`, { section: "results", purpose: " " }, cookies.parent);
    expect(pageText(await noPurpose.text())).toContain("Укажите цель");
    // A malformed id is a reason, not a fault.
    const malformed = await post(demo.server.url, "/extracts", { intent: "approve", id: "не-номер" }, cookies.klass5a);
    expect(malformed.status).toBe(400);
    expect(pageText(await malformed.text())).toContain("Неверный номер заявления");
    expect(await ExtractRequestModel.countDocuments()).toBe(count);
  });

  it("a refusal needs a reason and the family sees it", async () => {
    const pending = (await ExtractRequestModel.findOne({ studentId: ids.childA, status: "requested" }).lean<{ _id: unknown }>())!;
    const bare = await post(demo.server.url, "/extracts", { intent: "refuse", id: String(pending._id), reason: "" }, cookies.admin);
    expect(bare.status).toBe(400);
    expect(pageText(await bare.text())).toContain("Укажите причину отказа");
    const refused = await post(demo.server.url, "/extracts", { intent: "refuse", id: String(pending._id), reason: "в портфолио нет подтверждённых записей за этот год" }, cookies.admin);
    expect(pageText(await (await followRedirect(demo.server.url, refused, cookies.admin)).text())).toContain("Отказ записан");
    const family = pageText(await (await get(demo.server.url, `/family/${ids.childA}/extracts`, cookies.parent)).text());
    expect(family).toContain("отказано");
    expect(family).toContain("в портфолио нет подтверждённых записей за этот год");
  });

  it("a withdrawn extract says so on the verify page and can no longer be downloaded", async () => {
    const issued = (await IssuedDocumentModel.findOne({ studentId: ids.childA, kind: "extract", withdrawnAt: null }).lean<{ _id: unknown; code: string; extractId: unknown }>())!;
    const withdrawn = await post(demo.server.url, "/extracts", { intent: "withdraw", id: String(issued._id), reason: "выдана с ошибкой в классе" }, cookies.klass5a);
    expect(pageText(await (await followRedirect(demo.server.url, withdrawn, cookies.klass5a)).text())).toContain("Документ отозван");
    const verify = pageText(await (await get(demo.server.url, `/verify/${issued.code}`)).text());
    expect(verify).toContain("отозван");
    expect(verify).not.toContain("выдана с ошибкой");
    expect((await get(demo.server.url, `/extracts/${String(issued.extractId)}.pdf`, cookies.parent)).status).toBe(404);
    expect(pageText(await (await get(demo.server.url, `/family/${ids.childA}/extracts`, cookies.parent)).text())).toContain("отозвана");
  });
});

describe("a class's portfolios as one ZIP", () => {
  it("holds a PDF per student and a report; a broken record is listed and the rest go on", async () => {
    const enrolled = await EnrolmentModel.find({ classId: ids.class5a }).lean<{ studentId: mongoose.Types.ObjectId }[]>();
    const broken = enrolled[3].studentId;
    // A record damaged in storage (written around the application's checks).
    await AchievementModel.collection.insertOne({
      schoolId: new mongoose.Types.ObjectId(ids.schoolId), studentId: broken, kind: "olympiad", details: "повреждено", title: 42, date: new Date("2026-01-10"),
      academicYear: "2025/2026", status: "verified", supersededBy: null, chainId: new mongoose.Types.ObjectId(), version: 1, evidence: [],
    });
    const response = await get(demo.server.url, `/classes/${ids.class5a}/portfolios.zip`, cookies.klass5a);
    expect(response.status).toBe(200);
    const entries = await readZip(await bytesOf(response));
    const pdfs = entries.filter((e) => e.name.endsWith(".pdf"));
    expect(pdfs).toHaveLength(enrolled.length - 1);
    const report = entries.find((e) => e.name === "отчёт.txt")!.bytes.toString("utf8");
    const brokenStudent = (await StudentModel.findById(broken).lean<{ lastName: string; firstName: string; middleName: string }>())!;
    expect(report).toContain(`${fullName(brokenStudent)} — НЕ сформировано: запись достижения`);
    expect(report).toContain(`Готово: ${enrolled.length - 1} из ${enrolled.length}; не сформировано: 1.`);
    expect(pdfText(pdfs[0].bytes)).toMatch(/ПОРТФОЛИО ОБУЧАЮЩЕГОСЯ/);
    await AchievementModel.collection.deleteOne({ studentId: broken, title: 42 });
  });

  it("only for the class teacher of that class and the admin", async () => {
    expect((await get(demo.server.url, `/classes/${ids.class5a}/portfolios.zip`, cookies.klass9a)).status).toBe(404);
    expect((await get(demo.server.url, `/classes/${ids.class5a}/portfolios.zip`, cookies.teacher)).status).toBe(404);
    expect((await get(demo.server.url, `/classes/${ids.class5a}/portfolios.zip`, cookies.parent)).status).toBe(404);
  });
});
