import { beforeAll, describe, expect, it } from "vitest";
import { AuditModel } from "~models/audit.server";
import { SupportCaseModel } from "~models/support.server";
import { fullName, StudentModel } from "~models/student.server";
import { demoIds } from "./demo-ids";
import { followRedirect, get, pageText, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";

let ids: Awaited<ReturnType<typeof demoIds>>;
const cookies: Record<string, string> = {};
const demo = useDemoServer("support");
beforeAll(async () => {
  ids = await demoIds();
  for (const login of ["psychologist", "klass5a", "teacher", "parent"]) cookies[login] = await signInHttp(demo.server.url, login);
});

describe("the risk group by judgement and individual routes (seed 000 §4.2, §6)", () => {
  it("a psychologist adds a student with a reason; the risk list shows it with who decided", async () => {
    const response = await post(demo.server.url, `/students/${ids.childB}/support`, { intent: "reason", manualReason: "конфликты с одноклассниками" }, cookies.psychologist);
    expect(response.status).toBe(302);
    expect(pageText(await (await followRedirect(demo.server.url, response, cookies.psychologist)).text())).toContain("Сохранено");
    const child = (await StudentModel.findById(ids.childB).lean<{ lastName: string; firstName: string; middleName: string }>())!;
    const risk = pageText(await (await get(demo.server.url, "/risk", cookies.klass5a)).text());
    expect(risk).toContain(fullName(child));
    expect(risk).toMatch(/по решению педагогов ?: конфликты с одноклассниками \(Белова Анна Петровна\)/);
    expect(await AuditModel.exists({ entity: "support", studentId: ids.childB, action: "update" })).not.toBeNull();
  });

  it("measures need what and who; parents' consent is recorded", async () => {
    const bad = await post(demo.server.url, `/students/${ids.childB}/support`, { intent: "add-measure", kind: "lessons", description: "", responsible: "" }, cookies.klass5a);
    expect(bad.status).toBe(400);
    expect(pageText(await bad.text())).toContain("Опишите меру");
    await post(demo.server.url, `/students/${ids.childB}/support`, { intent: "add-measure", kind: "consultation", description: "консультации педагога-психолога раз в неделю", responsible: "Белова А. П.", until: "2026-12-25" }, cookies.klass5a);
    const future = await post(demo.server.url, `/students/${ids.childB}/support`, { intent: "parents", parentsInformedAt: "2031-01-01", parentsConsent: "yes" }, cookies.klass5a);
    expect(pageText(await future.text())).toContain("Дата в будущем");
    await post(demo.server.url, `/students/${ids.childB}/support`, { intent: "parents", parentsInformedAt: "2026-11-20", parentsConsent: "yes" }, cookies.klass5a);
    const stored = await SupportCaseModel.findOne({ studentId: ids.childB }).lean<{ measures: { responsible: string }[]; parentsConsent: boolean }>();
    expect(stored!.measures.map((m) => m.responsible)).toEqual(["Белова А. П."]);
    expect(stored!.parentsConsent).toBe(true);
  });

  it("a subject teacher and a parent cannot reach it", async () => {
    expect((await get(demo.server.url, `/students/${ids.childB}/support`, cookies.teacher)).status).toBe(404);
    expect((await post(demo.server.url, `/students/${ids.childB}/support`, { intent: "reason", manualReason: "x" }, cookies.parent)).status).toBe(404);
    expect((await SupportCaseModel.findOne({ studentId: ids.childB }).lean<{ manualReason: string }>())!.manualReason).toBe("конфликты с одноклассниками");
  });
});
