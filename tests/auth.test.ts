import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import mongoose from "mongoose";
import { describe, expect, it } from "vitest";
import { UserModel } from "~models/user.server";
import { AuditModel } from "~models/audit.server";
import { followRedirect, get, pageText, post, signInHttp } from "./setup/http";
import { projectRoot } from "./setup/server";
import { useDemoServer } from "./setup/demo-server";

const userId = async (login: string) => String((await UserModel.findOne({ login }).lean<{ _id: unknown }>())!._id);

const demo = useDemoServer("auth");
describe("sign-in", () => {
  it("says in Russian when the password is wrong, and keeps no password in the log", async () => {
    const response = await post(demo.server.url, "/login", { login: "klass5b", password: "неправильный-пароль" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Неверный логин или пароль");
    const logged = JSON.stringify(await AuditModel.find({ action: "login-failed" }).lean());
    expect(logged).toContain("klass5b");
    expect(logged).not.toContain("неправильный-пароль");
  });

  it("locks a login after repeated wrong passwords and says for how long", async () => {
    const statuses: number[] = [];
    let last = "";
    for (let i = 0; i < 5; i++) {
      const response = await post(demo.server.url, "/login", { login: "klass9b", password: `wrong-${i}` });
      statuses.push(response.status);
      last = await response.text();
    }
    expect(statuses.slice(0, 4)).toEqual([400, 400, 400, 400]);
    expect(statuses[4]).toBe(429);
    expect(last).toMatch(/заблокирован.*через 15 минут/);
    // Even the right password is refused while locked.
    const right = await post(demo.server.url, "/login", { login: "klass9b", password: "demo-2026" });
    expect(right.status).toBe(429);
    expect(await right.text()).toMatch(/через 1[45] минут/);
  });

  it("checks at most five guesses of a burst sent all at once", async () => {
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => post(demo.server.url, "/login", { login: "no-such-user", password: `guess-${i}` })));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(4);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(8);
  });

  it("reads no upload from someone not signed in, and no oversized plain form", async () => {
    const form = new FormData();
    form.append("files", new Blob([new Uint8Array(1024)]), "x.jpg");
    const upload = await fetch(`${demo.server.url}/admin/users/import`, { method: "POST", body: form, redirect: "manual", headers: { Origin: demo.server.url } });
    expect(upload.status).toBe(401);
    const huge = await fetch(`${demo.server.url}/login`, { method: "POST", body: new URLSearchParams({ login: "x", password: "y".repeat(400_000) }), redirect: "manual", headers: { Origin: demo.server.url } });
    expect(huge.status).toBe(413);
  });

  it("refuses a form posted from another site", async () => {
    const cookie = await signInHttp(demo.server.url, "admin");
    const before = await UserModel.countDocuments();
    const response = await post(
      demo.server.url,
      "/admin/users/new",
      { lastName: "Злоумышленников", firstName: "Иван", login: "evil", password: "password-123", roles: "admin" },
      cookie,
      { Origin: "https://evil.example" },
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Запрос с другого сайта отклонён");
    expect(await UserModel.countDocuments()).toBe(before);
    // The same form from the site itself works.
    const ok = await post(
      demo.server.url,
      "/admin/users/new",
      { lastName: "Новикова", firstName: "Ольга", login: "novikova", password: "password-123", roles: "teacher" },
      cookie,
      { Origin: demo.server.url },
    );
    expect(ok.status).toBe(302);
    expect(await UserModel.countDocuments()).toBe(before + 1);
  });

  it("sends security headers with every page", async () => {
    const response = await get(demo.server.url, "/login");
    expect(response.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    const cookie = (await post(demo.server.url, "/login", { login: "archivist", password: "demo-2026" })).headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });
});

describe("accounts managed by the admin", () => {
  it("a deactivated user cannot sign in and their open session stops working", async () => {
    const admin = await signInHttp(demo.server.url, "admin");
    const teacher = await signInHttp(demo.server.url, "klass9a");
    expect((await get(demo.server.url, "/classes", teacher)).status).toBe(200);
    const off = await post(demo.server.url, `/admin/users/${await userId("klass9a")}`, { intent: "deactivate" }, admin);
    expect(off.status).toBe(302);
    expect(pageText(await (await followRedirect(demo.server.url, off, admin)).text())).toContain("Учётная запись отключена, её сеансы завершены");
    const after = await get(demo.server.url, "/classes", teacher);
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/login/);
    const again = await post(demo.server.url, "/login", { login: "klass9a", password: "demo-2026" });
    expect(await again.text()).toContain("Учётная запись отключена");
    await post(demo.server.url, `/admin/users/${await userId("klass9a")}`, { intent: "activate" }, admin);
    expect(await signInHttp(demo.server.url, "klass9a")).toBeTruthy();
  });

  it("a reset password must be changed at the next sign-in", async () => {
    const admin = await signInHttp(demo.server.url, "admin");
    const reset = await post(demo.server.url, `/admin/users/${await userId("teacher")}`, { intent: "reset-password" }, admin);
    // The temporary password is shown once, in the notice of the page the reset leads to.
    expect(reset.status).toBe(302);
    const text = pageText(await (await followRedirect(demo.server.url, reset, admin)).text());
    expect(text).toContain("Пароль сброшен");
    const temporary = /Временный пароль: ([a-z0-9]+)\./.exec(text)?.[1];
    expect(temporary).toBeTruthy();
    // The notice cookie carries it encrypted: neither the password nor its notice reads in the cookie.
    const noticeCookie = decodeURIComponent(reset.headers.getSetCookie().find((c) => c.startsWith("__registry_notice="))!);
    for (const form of [noticeCookie, Buffer.from(noticeCookie.split("=")[1].split(".")[0], "base64").toString("utf8")]) {
      expect(form).not.toContain(temporary!);
      expect(form).not.toContain("Пароль сброшен");
    }
    expect(await post(demo.server.url, "/login", { login: "teacher", password: "demo-2026" }).then((r) => r.status)).toBe(400);
    const login = await post(demo.server.url, "/login", { login: "teacher", password: temporary! });
    expect(login.headers.get("location")).toBe("/password");
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    expect((await get(demo.server.url, "/classes", cookie)).headers.get("location")).toBe("/password");
    const short = await post(demo.server.url, "/password", { current: temporary!, next: "short", repeat: "short" }, cookie);
    expect(await short.text()).toContain("не короче 8 символов");
    const changed = await post(demo.server.url, "/password", { current: temporary!, next: "new-password-1", repeat: "new-password-1" }, cookie);
    expect(changed.status).toBe(302);
    const fresh = changed.headers.get("set-cookie")!.split(";")[0];
    expect((await get(demo.server.url, "/classes", fresh)).status).toBe(200);
  });

  it("a list of users is checked, previewed from the server and created once; the passwords are shown once", async () => {
    const admin = await signInHttp(demo.server.url, "admin");
    const upload = (csv: string) => {
      const form = new FormData();
      form.append("intent", "check");
      form.append("file", new Blob([csv], { type: "text/csv" }), "список.csv");
      return fetch(`${demo.server.url}/admin/users/import`, { method: "POST", body: form, redirect: "manual", headers: { Cookie: admin, Origin: demo.server.url } });
    };
    // A file with a problem: its preview lists it, and nothing can be created from it.
    const bad = await upload("Фамилия;Имя;Отчество;Логин;Роли\r\nПетрова;;;petrova-list;учитель\r\n");
    expect(bad.status).toBe(302);
    expect(pageText(await (await get(demo.server.url, bad.headers.get("location")!, admin)).text())).toContain("Найдено ошибок: 1");
    const badId = new URL(bad.headers.get("location")!, demo.server.url).searchParams.get("import")!;
    const refused = await post(demo.server.url, "/admin/users/import", { intent: "apply", importId: badId }, admin);
    expect(refused.status).toBe(400);
    expect(await UserModel.exists({ login: "petrova-list" })).toBeNull();

    const checked = await upload("Фамилия;Имя;Отчество;Логин;Роли\r\nСоколова;Мария;;sokolova-list;учитель\r\nОрлов;Пётр;;orlov-list;родитель\r\n");
    expect(checked.status).toBe(302);
    const page = checked.headers.get("location")!;
    expect(pageText(await (await get(demo.server.url, page, admin)).text())).toContain("Ошибок нет. Будут созданы учётные записи: 2");
    const importId = new URL(page, demo.server.url).searchParams.get("import")!;
    const created = await post(demo.server.url, "/admin/users/import", { intent: "apply", importId }, admin);
    expect(created.status).toBe(302);
    const shown = pageText(await (await get(demo.server.url, created.headers.get("location")!, admin)).text());
    expect(shown).toContain("Создано учётных записей: 2");
    const password = new RegExp(`sokolova-list ([a-z0-9]{10})`).exec(shown)?.[1];
    expect(password).toBeTruthy();
    expect((await post(demo.server.url, "/login", { login: "sokolova-list", password: password! })).headers.get("location")).toBe("/password");
    // Shown once: the same page again has the logins but no passwords.
    const again = pageText(await (await get(demo.server.url, created.headers.get("location")!, admin)).text());
    expect(again).toContain("sokolova-list");
    expect(again).not.toContain(password!);
    // Created once: a second press is refused and creates nobody.
    const twice = await post(demo.server.url, "/admin/users/import", { intent: "apply", importId }, admin);
    expect(twice.status).toBe(409);
    expect(await UserModel.countDocuments({ login: /-list$/ })).toBe(2);
  });

  it("an admin cannot touch a user of another school", async () => {
    const other = await UserModel.create({ login: "other-school-user", passwordHash: "x", lastName: "Чужой", firstName: "Пользователь", roles: ["teacher"], schoolId: new mongoose.Types.ObjectId() });
    const admin = await signInHttp(demo.server.url, "admin");
    expect((await get(demo.server.url, `/admin/users/${other._id}`, admin)).status).toBe(404);
    expect((await post(demo.server.url, `/admin/users/${other._id}`, { intent: "deactivate" }, admin)).status).toBe(404);
    expect((await UserModel.findById(other._id).lean<{ active: boolean }>())!.active).toBe(true);
  });

  it("refuses a new user with wrong fields, in Russian, beside the fields", async () => {
    const admin = await signInHttp(demo.server.url, "admin");
    const response = await post(demo.server.url, "/admin/users/new", { lastName: "<script>", firstName: "", login: "Я", password: "1", roles: "parent" }, admin);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("только буквы");
    expect(html).toContain("Укажите: имя");
    expect(html).toContain("Логин: 3–40 латинских букв");
    const taken = await post(demo.server.url, "/admin/users/new", { lastName: "Иванов", firstName: "Иван", login: "admin", password: "password-123", roles: "teacher" }, admin);
    expect(await taken.text()).toContain("Этот логин уже занят");
    const body = new URLSearchParams({ lastName: "Иванов", firstName: "Иван", login: "mixed-roles", password: "password-123" });
    body.append("roles", "student");
    body.append("roles", "admin");
    const mixed = await fetch(`${demo.server.url}/admin/users/new`, { method: "POST", body, headers: { Cookie: admin, Origin: demo.server.url }, redirect: "manual" });
    expect(mixed.status).toBe(400);
    expect(await mixed.text()).toContain("не совмещается с другими ролями");
    const municipal = await post(demo.server.url, "/admin/users/new", { lastName: "Иванов", firstName: "Иван", login: "mun-by-school", password: "password-123", roles: "municipal" }, admin);
    expect(municipal.status).toBe(400);
    expect(await UserModel.exists({ login: "mun-by-school" })).toBeNull();
    expect(await UserModel.exists({ login: "mixed-roles" })).toBeNull();
  });
});

describe("user:create CLI", () => {
  const run = promisify(execFile);
  const cli = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, ["--import", "tsx", "scripts/user-create.ts", ...args], { cwd: projectRoot, env: { ...process.env, MONGODB_URI: demo.uri, ...env } })
      .then((r) => ({ code: 0, out: r.stdout + r.stderr }))
      .catch((e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }));

  it("creates an admin with the password from a file", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pw-")), "password");
    fs.writeFileSync(file, "очень-секретный-пароль\n");
    // The demo municipality has three schools: the one is named.
    const unnamed = await cli(["--role", "admin", "--login", "director", "--last-name", "Громова", "--first-name", "Елена", "--password-file", file]);
    expect(unnamed.out).toContain("в базе несколько школ: укажите --school");
    const result = await cli(["--role", "admin", "--login", "director", "--last-name", "Громова", "--first-name", "Елена", "--password-file", file, "--school", "МБОУ «СОШ № 17»"]);
    expect(result.out).toContain("Создан пользователь director");
    expect(result.code).toBe(0);
    expect(await signInHttp(demo.server.url, "director", "очень-секретный-пароль")).toBeTruthy();
  });

  it("exits non-zero with one clear line on a taken login or bad arguments", async () => {
    const taken = await cli(["--role", "admin", "--login", "admin", "--last-name", "А", "--first-name", "Б", "--school", "МБОУ «СОШ № 17»"], { REGISTRY_PASSWORD: "password-123" });
    expect(taken.code).not.toBe(0);
    expect(taken.out.trim()).toBe("Ошибка: Этот логин уже занят: admin");
    const badRole = await cli(["--role", "king", "--login", "x-user", "--last-name", "А", "--first-name", "Б"], { REGISTRY_PASSWORD: "password-123" });
    expect(badRole.code).not.toBe(0);
    expect(badRole.out).toMatch(/^Ошибка: --role/);
    const noPassword = await cli(["--role", "admin", "--login", "x-user", "--last-name", "А", "--first-name", "Б"], { REGISTRY_PASSWORD: "" });
    expect(noPassword.code).not.toBe(0);
    expect(noPassword.out).toContain("пароль не задан");
    const unknownFlag = await cli(["--rol", "admin"]);
    expect(unknownFlag.code).not.toBe(0);
    expect(unknownFlag.out.trim().split("\n")).toHaveLength(1);
  });
});
