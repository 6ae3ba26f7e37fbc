// What a school's first day would try: signing out on a shared computer, a staff room left idle,
// a whole school signing in behind one address, requests no page sends, an error in one request.
import crypto from "node:crypto";
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword, UserModel } from "~models/user.server";
import { SessionModel } from "~models/session.server";
import { AuditModel } from "~models/audit.server";
import { AchievementModel } from "~models/achievement.server";
import { ExtractRequestModel } from "~models/document.server";
import { demoIds } from "./demo-ids";
import { useDemoServer } from "./setup/demo-server";
import { followRedirect, get, pageText, post, signInHttp } from "./setup/http";
import type { Ids } from "./route-table";

const demo = useDemoServer("day");
let ids: Ids;
beforeAll(async () => {
  ids = await demoIds();
});

/** Moves every session of a login back in time, as if the browser had been left alone that long. */
async function idleFor(login: string, minutes: number) {
  const user = (await UserModel.findOne({ login }).lean<{ _id: mongoose.Types.ObjectId }>())!;
  const shift = minutes * 60_000;
  const sessions = await SessionModel.find({ userId: user._id }).lean<{ _id: string; lastSeenAt: Date; createdAt: Date; expiresAt: Date }[]>();
  for (const s of sessions) {
    await SessionModel.updateOne(
      { _id: s._id },
      { $set: { lastSeenAt: new Date(s.lastSeenAt.getTime() - shift), createdAt: new Date(s.createdAt.getTime() - shift), expiresAt: new Date(s.expiresAt.getTime() - shift) } },
    );
  }
}

const landsOnSignIn = (response: Response) => response.status === 302 && (response.headers.get("location") ?? "").startsWith("/login");

describe("sessions", () => {
  it("«Выйти» ends the session: the old cookie lands on the sign-in page (finding 2)", async () => {
    const cookie = await signInHttp(demo.server.url, "klass5b");
    expect((await get(demo.server.url, "/classes", cookie)).status).toBe(200);
    const out = await post(demo.server.url, "/logout", {}, cookie);
    expect(out.status).toBe(302);
    expect(landsOnSignIn(await get(demo.server.url, "/classes", cookie))).toBe(true);
    expect(landsOnSignIn(await get(demo.server.url, `/students/${ids.childA}`, cookie))).toBe(true);
  });

  it("gives each sign-in a session of its own", async () => {
    const first = await signInHttp(demo.server.url, "klass5b");
    const second = await signInHttp(demo.server.url, "klass5b");
    expect(first).not.toBe(second);
    await post(demo.server.url, "/logout", {}, first);
    expect((await get(demo.server.url, "/classes", second)).status).toBe(200);
  });

  it("ends a staff session after 30 idle minutes, and not before", async () => {
    const cookie = await signInHttp(demo.server.url, "klass9a");
    await idleFor("klass9a", 29);
    expect((await get(demo.server.url, "/classes", cookie)).status).toBe(200);
    // That request counted as activity only if a minute had passed since the last one: it had.
    await idleFor("klass9a", 31);
    expect(landsOnSignIn(await get(demo.server.url, "/classes", cookie))).toBe(true);
    expect(await SessionModel.countDocuments({ userId: (await UserModel.findOne({ login: "klass9a" }).lean<{ _id: unknown }>())!._id })).toBe(0);
  });

  it("keeps a family's session through an idle hour but not past 12 hours", async () => {
    const cookie = await signInHttp(demo.server.url, "parent2");
    await idleFor("parent2", 60);
    expect((await get(demo.server.url, `/family/${ids.childB}`, cookie)).status).toBe(200);
    await idleFor("parent2", 11 * 60);
    expect(landsOnSignIn(await get(demo.server.url, `/family/${ids.childB}`, cookie))).toBe(true);
  });

  it("the school sets the staff idle time", async () => {
    const admin = await signInHttp(demo.server.url, "admin");
    const refused = await post(demo.server.url, "/admin/settings", { intent: "sessions", idleMinutes: "2" }, admin);
    expect(refused.status).toBe(400);
    expect(pageText(await refused.text())).toContain("от 5 до 480");
    const saved = await post(demo.server.url, "/admin/settings", { intent: "sessions", idleMinutes: "90" }, admin);
    expect(saved.status).toBe(302);
    const cookie = await signInHttp(demo.server.url, "klass5a");
    await idleFor("klass5a", 60);
    expect((await get(demo.server.url, "/classes", cookie)).status).toBe(200);
    await idleFor("klass5a", 91);
    expect(landsOnSignIn(await get(demo.server.url, "/classes", cookie))).toBe(true);
    await post(demo.server.url, "/admin/settings", { intent: "sessions", idleMinutes: "30" }, admin);
  });

  it("a person sees their open sessions and ends the others", async () => {
    const here = await signInHttp(demo.server.url, "psychologist");
    const there = await signInHttp(demo.server.url, "psychologist");
    const page = pageText(await (await get(demo.server.url, "/password", here)).text());
    expect(page).toContain("Где вы вошли");
    expect(page).toContain("этот браузер");
    const ended = await post(demo.server.url, "/password", { intent: "end-others" }, here);
    expect(pageText(await (await followRedirect(demo.server.url, ended, here)).text())).toContain("Завершено сеансов: 1");
    expect(landsOnSignIn(await get(demo.server.url, "/risk", there))).toBe(true);
    expect((await get(demo.server.url, "/risk", here)).status).toBe(200);
  });

  it("stores no token: the database holds only its hash", async () => {
    const cookie = await signInHttp(demo.server.url, "archivist");
    const token = JSON.parse(Buffer.from(decodeURIComponent(cookie.split("=")[1]).split(".")[0], "base64").toString("utf8")) as string;
    expect(await SessionModel.exists({ _id: token })).toBeNull();
    expect(await SessionModel.exists({ _id: crypto.createHash("sha256").update(token).digest("hex") })).not.toBeNull();
  });
});

describe("one school behind one address (finding 3)", () => {
  it("1,000 sign-ins of 200 people from one address all succeed", async () => {
    const schoolId = (await UserModel.findOne({ login: "admin" }).lean<{ schoolId: unknown }>())!.schoolId;
    const passwordHash = await hashPassword("school-password-1");
    await UserModel.insertMany(
      Array.from({ length: 200 }, (_, i) => ({ login: `pupil-${i}`, roles: ["teacher"], schoolId, passwordHash, lastName: "Учитель", firstName: `Номер${i}` })),
    );
    const statuses: number[] = [];
    const queue = Array.from({ length: 1000 }, (_, i) => `pupil-${i % 200}`);
    const worker = async () => {
      for (let login = queue.shift(); login; login = queue.shift()) {
        const response = await post(demo.server.url, "/login", { login, password: "school-password-1" });
        statuses.push(response.status);
        await response.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    expect(statuses).toHaveLength(1000);
    expect(statuses.filter((s) => s !== 302)).toEqual([]);
    // And the administration still signs in.
    expect(await signInHttp(demo.server.url, "admin")).toBeTruthy();
  }, 300_000);

  it("five wrong passwords lock that login only, and say so in Russian", async () => {
    let last: Response | null = null;
    for (let i = 0; i < 5; i++) last = await post(demo.server.url, "/login", { login: "pupil-7", password: `wrong-${i}` });
    expect(last!.status).toBe(429);
    expect(pageText(await last!.text())).toMatch(/под этим логином.*заблокирован.*через 15 минут/);
    expect((await post(demo.server.url, "/login", { login: "pupil-7", password: "school-password-1" })).status).toBe(429);
    expect((await post(demo.server.url, "/login", { login: "pupil-8", password: "school-password-1" })).status).toBe(302);
  }, 60_000);
});

describe("requests no page sends", () => {
  it("a POST naming no site is refused with 403 and writes nothing (finding 5)", async () => {
    const cookie = await signInHttp(demo.server.url, "parent");
    const before = await ExtractRequestModel.countDocuments();
    const bare = await fetch(`${demo.server.url}/family/${ids.childA}/extracts`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie },
      body: new URLSearchParams({ purpose: "Для олимпиады", sections: "olympiad" }),
    });
    expect(bare.status).toBe(403);
    expect(await bare.text()).toContain("отправлен не со страницы реестра");
    expect(await ExtractRequestModel.countDocuments()).toBe(before);
    // A browser's same-site request without Origin still works.
    const page = await fetch(`${demo.server.url}/family/${ids.childA}/extracts`, { redirect: "manual", headers: { Cookie: cookie, "Sec-Fetch-Site": "same-origin" } });
    expect(page.status).toBe(200);
  });

  it("a form sent the old way (a file's download) carries «Origin: null»: the browser's Sec-Fetch-Site decides", async () => {
    const admin = await signInHttp(demo.server.url, "admin");
    const send = (site: string) =>
      fetch(`${demo.server.url}/students/${ids.childA}/record.pdf`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: admin, Origin: "null", "Sec-Fetch-Site": site },
        body: new URLSearchParams({ intent: "issue" }),
      });
    const forged = await send("cross-site");
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain("защита от подделки запросов");
    const own = await send("same-origin");
    expect(own.status).toBe(200);
    expect(own.headers.get("content-type")).toBe("application/pdf");
  });

  it("JSON, text and XML bodies get 415 with a Russian message on every form route named in the finding (finding 4)", async () => {
    const admin = await signInHttp(demo.server.url, "admin");
    const parent = await signInHttp(demo.server.url, "parent");
    const targets: [string, string | undefined][] = [
      ["/login", undefined],
      [`/family/${ids.childA}/extracts`, parent],
      ["/extracts", admin],
      ["/admin/users/new", admin],
      [`/achievements/${ids.achievementA}`, admin],
    ];
    for (const [path, cookie] of targets) {
      for (const [type, body] of [["application/json", '{"login":"admin"}'], ["text/plain", "login=admin"], ["application/xml", "<a/>"]]) {
        const response = await fetch(`${demo.server.url}${path}`, {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": type, Origin: demo.server.url, ...(cookie ? { Cookie: cookie } : {}) },
          body,
        });
        expect(response.status, `${type} → ${path}`).toBe(415);
        expect(await response.text()).toContain("только формы со страниц");
      }
    }
  });

  it("a multipart form with a bracketed field name gets 400, and the server stays up (finding 1)", async () => {
    const student = await signInHttp(demo.server.url, "student");
    const form = new FormData();
    form.append("a[b]", "1");
    const family = await fetch(`${demo.server.url}/family`, { method: "POST", body: form, redirect: "manual", headers: { Cookie: student, Origin: demo.server.url } });
    expect(family.status).toBeLessThan(500);
    const teacher = await signInHttp(demo.server.url, "klass5a");
    const achievement = new FormData();
    achievement.append("kind[$ne]", "x");
    achievement.append("title", "Олимпиада");
    const before = await AchievementModel.countDocuments();
    const refused = await fetch(`${demo.server.url}/students/${ids.childA}/achievements/new`, {
      method: "POST",
      body: achievement,
      redirect: "manual",
      headers: { Cookie: teacher, Origin: demo.server.url },
    });
    expect(refused.status).toBe(400);
    expect(pageText(await refused.text())).toContain("поле, которого нет на странице");
    expect(await AchievementModel.countDocuments()).toBe(before);
    expect((await fetch(`${demo.server.url}/healthz`)).status).toBe(200);
  });

  it("bytes that are not UTF-8 get 400 instead of being stored as «�» (finding 6)", async () => {
    const raw = await fetch(`${demo.server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: demo.server.url },
      body: "login=%FF%FE%C0&password=x",
    });
    expect(raw.status).toBe(400);
    expect(pageText(await raw.text())).toContain("не в кодировке UTF-8");
    const admin = await signInHttp(demo.server.url, "admin");
    const before = await UserModel.countDocuments();
    const user = await fetch(`${demo.server.url}/admin/users/new`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: demo.server.url, Cookie: admin },
      body: Buffer.concat([Buffer.from("lastName="), Buffer.from([0xc0, 0xfe]), Buffer.from("&firstName=Ivan&login=bytes-user&password=password-123&roles=teacher")]),
    });
    expect(user.status).toBe(400);
    expect(await UserModel.countDocuments()).toBe(before);
  });

  it("a POST to a page that takes none: 405 in Russian, one line in the log (finding 4)", async () => {
    const parent = await signInHttp(demo.server.url, "parent");
    const response = await post(demo.server.url, `/family/${ids.childA}/quality`, { x: "1" }, parent);
    expect(response.status).toBe(405);
    const text = pageText(await response.text());
    expect(text).toContain("Этот адрес не принимает отправку формы");
    expect(text).not.toContain("внутренняя ошибка");
    const missing = await get(demo.server.url, "/no-such-page");
    expect(missing.status).toBe(404);
    const lines = demo.server.output().split("\n");
    expect(lines).toContain(`405 POST /family/${ids.childA}/quality`);
    expect(lines).toContain("404 GET /no-such-page");
    expect(demo.server.output()).not.toMatch(/ErrorResponseImpl|did not provide an `action`|No route matches/);
  });
});

describe("an error inside one request", () => {
  it("answers that request with 500 and its id, logs it once under the id, and the server goes on", async () => {
    const db = mongoose.connection.db!;
    const auditLog = AuditModel.collection.collectionName;
    // The database refuses every new audit line: signing in, which must log, cannot finish.
    await db.dropCollection(auditLog);
    await db.createCollection(auditLog, { validator: { $expr: false }, validationAction: "error" });
    let response: Response;
    try {
      response = await post(demo.server.url, "/login", { login: "teacher", password: "demo-2026" });
    } finally {
      await db.dropCollection(auditLog);
      await AuditModel.createCollection();
      await AuditModel.syncIndexes();
    }
    expect(response.status).toBe(500);
    const id = response.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    const text = pageText(await response.text());
    expect(text).toContain("внутренняя ошибка");
    expect(text).toContain(id);
    expect(demo.server.output().split(`[запрос ${id}]`)).toHaveLength(2);
    expect(demo.server.child.exitCode).toBeNull();
    expect(await signInHttp(demo.server.url, "teacher")).toBeTruthy();
  });
});

describe("the demo", () => {
  it("shows its banner on every page, the sign-in page included", async () => {
    expect(pageText(await (await get(demo.server.url, "/login")).text())).toContain("Демонстрационная школа: данные вымышленные");
    const parent = await signInHttp(demo.server.url, "parent");
    expect(pageText(await (await get(demo.server.url, `/family/${ids.childA}`, parent)).text())).toContain("Демонстрационная школа");
  });
});
