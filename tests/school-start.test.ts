// How a real school starts (finding 7): no demo and no known password on its own database; the
// school and its first administrator come from `npm run school:init`.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { demoWanted, readEnv } from "~/env.server";
import { freshDatabaseUri } from "./setup/database";
import { get, pageText, post } from "./setup/http";
import { projectRoot, startServer, type TestServer } from "./setup/server";

const run = promisify(execFile);
const schoolInit = (uri: string, args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ["--import", "tsx", "scripts/school-init.ts", ...args], { cwd: projectRoot, env: { ...process.env, MONGODB_URI: uri, ...env } })
    .then((r) => ({ code: 0, out: r.stdout + r.stderr }))
    .catch((e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }));

const servers: TestServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
});

describe("which database gets the demo", () => {
  it("only the embedded engine's default folder, unless DEMO says otherwise", () => {
    expect(demoWanted(readEnv({}))).toBe(true);
    expect(demoWanted(readEnv({ DATA_DIR: "/srv/registry" }))).toBe(false);
    expect(demoWanted(readEnv({ MONGODB_URI: "mongodb://db.school.local/registry" }))).toBe(false);
    expect(demoWanted(readEnv({ MONGODB_URI: "mongodb://db.school.local/registry", DEMO: "1" }))).toBe(true);
    expect(demoWanted(readEnv({ DEMO: "0" }))).toBe(false);
    expect(() => readEnv({ DEMO: "yes" })).toThrow("DEMO должен быть 0 или 1");
  });
});

describe("a school's own database", () => {
  const uri = freshDatabaseUri("start");

  it("gets no demo school on the first start and is told how to begin", async () => {
    const server = await startServer({ MONGODB_URI: uri });
    servers.push(server);
    expect(server.output()).not.toContain("демонстрационная школа");
    expect(server.output()).toContain("npm run school:init");
    expect(pageText(await (await get(server.url, "/login")).text())).not.toContain("Демонстрационная");
    const demoLogin = await post(server.url, "/login", { login: "admin", password: "demo-2026" });
    expect(demoLogin.status).toBe(400);
  });

  it("school:init creates the school and its administrator, who must change the password at once", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "init-"));
    const file = path.join(dir, "password");
    fs.writeFileSync(file, "первый-пароль-директора\n");
    const created = await schoolInit(uri, [
      "--name", "Муниципальное общеобразовательное учреждение «Лицей № 2»", "--short-name", "МОУ «Лицей № 2»",
      "--address", "г. Ярославль, ул. Лицейская, д. 2",
      "--login", "director", "--last-name", "Ёлкина", "--first-name", "Анна-Мария", "--password-file", file, "--periods", "half",
    ]);
    expect(created.out).toContain("Школа «МОУ «Лицей № 2»» создана");
    expect(created.out).toMatch(/Учебный год \d{4}\/\d{4} открыт; периоды — полугодия/);
    expect(created.code).toBe(0);
    const signIn = await post(servers[0].url, "/login", { login: "director", password: "первый-пароль-директора" });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toBe("/password");
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0];
    expect((await get(servers[0].url, "/admin/users", cookie)).headers.get("location")).toBe("/password");
    // With the year open, the administration makes its first class the same day.
    const changed = await post(servers[0].url, "/password", { current: "первый-пароль-директора", next: "свой-пароль-директора", repeat: "свой-пароль-директора" }, cookie);
    const own = changed.headers.get("set-cookie")!.split(";")[0];
    const made = await post(servers[0].url, "/classes", { intent: "create", grade: "1", letter: "А" }, own);
    expect(made.status).toBe(302);
    expect(pageText(await (await get(servers[0].url, "/classes", own)).text())).toContain("1А");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("school:init refuses a second school of the same name, a short password and no password", async () => {
    const again = await schoolInit(uri, ["--name", "Муниципальное общеобразовательное учреждение «Лицей № 2»", "--short-name", "Лицей", "--login", "other", "--last-name", "А", "--first-name", "Б"], { REGISTRY_PASSWORD: "password-123" });
    expect(again.code).not.toBe(0);
    expect(again.out.trim()).toBe("Ошибка: школа «Муниципальное общеобразовательное учреждение «Лицей № 2»» уже есть в этой базе");
    const short = await schoolInit(uri, ["--name", "Школа № 3", "--short-name", "Школа 3", "--login", "other", "--last-name", "А", "--first-name", "Б"], { REGISTRY_PASSWORD: "short" });
    expect(short.out).toContain("пароль короче 8 символов");
    const none = await schoolInit(uri, ["--name", "Школа № 3", "--short-name", "Школа 3", "--login", "other", "--last-name", "А", "--first-name", "Б"], { REGISTRY_PASSWORD: "" });
    expect(none.out).toContain("пароль не задан");
  });
});

describe("a database that holds the demo", () => {
  it("school:init refuses it: a real school gets a database of its own", async () => {
    const uri = freshDatabaseUri("demo-init");
    const server = await startServer({ MONGODB_URI: uri, DEMO: "1" });
    servers.push(server);
    const refused = await schoolInit(uri, ["--name", "Настоящая школа", "--short-name", "Школа", "--login", "real-admin", "--last-name", "А", "--first-name", "Б"], { REGISTRY_PASSWORD: "password-123" });
    expect(refused.code).not.toBe(0);
    expect(refused.out).toContain("в этой базе демонстрационная школа");
  });
});
