// The school's time zone is a setting: every date and time the school sees follows it — pages, the
// verify page, issued PDFs — and a bad value changes nothing.
import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditModel } from "~models/audit.server";
import { IssuedDocumentModel } from "~models/document.server";
import { UserModel, type PublicUser } from "~models/user.server";
import { issuePortfolio } from "~/documents/issue.server";
import { WHOLE_PORTFOLIO } from "~/documents/portfolio.server";
import { setSchoolTimeZone } from "~/domain/format";
import { demoIds } from "./demo-ids";
import { pdfText } from "./pdf";
import { followRedirect, get, pageText, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";

let ids: Awaited<ReturnType<typeof demoIds>>;
let admin: string;
const demo = useDemoServer("school-clock");
beforeAll(async () => {
  ids = await demoIds();
  admin = await signInHttp(demo.server.url, "admin");
});
afterAll(async () => {
  await post(demo.server.url, "/admin/settings", { intent: "timeZone", timeZone: "Europe/Moscow" }, admin);
});

/** «02.12.2026, 00:30:00» of a moment on a zone's clock. */
const onClock = (moment: Date, timeZone: string) =>
  new Intl.DateTimeFormat("ru-RU", { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone }).format(moment);

describe("the school's clock", () => {
  it.each(["2026-12-01T21:30:00Z", "2026-12-01T23:30:00Z"])("an extract issued at %s carries the school's day in its issue date, its «выдан» line and its file name", async (moment) => {
    setSchoolTimeZone("Europe/Moscow");
    const issuer = (await UserModel.findOne({ login: "klass5a" }).lean<PublicUser>())!;
    const { document, bytes } = await issuePortfolio({ schoolId: issuer.schoolId!, studentId: new Types.ObjectId(ids.childA), kind: "extract", options: WHOLE_PORTFOLIO, issuer, origin: "https://school.test", keep: false, at: new Date(moment) });
    const text = pdfText(bytes);
    expect(/Дата выдачи (\d{2}\.\d{2}\.\d{4})/.exec(text)?.[1]).toBe("02.12.2026");
    expect(text).toContain(`Документ выдан 02.12.2026, ${moment.includes("T21") ? "00:30:00" : "02:30:00"} (мск)`);
    expect(document.fileName).toMatch(/ 02\.12\.2026\.pdf$/);
  });

  it("a zone not on the list is refused and nothing changes", async () => {
    const bad = await post(demo.server.url, "/admin/settings", { intent: "timeZone", timeZone: "Mars/Olympus" }, admin);
    expect(bad.status).toBe(400);
    expect(pageText(await (await get(demo.server.url, "/admin/settings", admin)).text())).toContain("МСК, Москва");
  });

  it("set to Yekaterinburg: the verify page, a new PDF and the audit log show the school's time, marked МСК+2", async () => {
    const saved = await post(demo.server.url, "/admin/settings", { intent: "timeZone", timeZone: "Asia/Yekaterinburg" }, admin);
    expect(pageText(await (await followRedirect(demo.server.url, saved, admin)).text())).toContain("МСК+2, Екатеринбург");
    expect(await AuditModel.exists({ entity: "settings", summary: "часовой пояс школы" })).not.toBeNull();

    const document = (await IssuedDocumentModel.findOne({ code: ids.codeA }).lean<{ issuedAt: Date }>())!;
    const verify = pageText(await (await get(demo.server.url, `/verify/${ids.codeA}`)).text());
    expect(verify).toContain(`${onClock(document.issuedAt, "Asia/Yekaterinburg")} (МСК+2)`);

    const pdf = pdfText(Buffer.from(await (await get(demo.server.url, `/students/${ids.childA}/portfolio.pdf`, admin)).arrayBuffer()));
    expect(pdf).toMatch(/Документ выдан \d\d\.\d\d\.\d{4}, \d\d:\d\d:\d\d \(МСК\+2\)/);

    const line = (await AuditModel.findOne({ entity: "settings", summary: "часовой пояс школы" }).lean<{ at: Date }>())!;
    expect(pageText(await (await get(demo.server.url, "/admin/audit?action=update", admin)).text())).toContain(onClock(line.at, "Asia/Yekaterinburg"));
  });
});
