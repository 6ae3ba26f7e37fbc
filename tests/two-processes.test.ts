// Several app processes on one database, behind no balancer: the second reaches the first one's
// embedded engine through the address it keeps in the data folder. Sessions, sign-in throttling
// and long jobs live in the database, so either process serves any request.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import mongoose, { type Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase } from "~models/db.server";
import { AcademicYearModel } from "~models/academic-year.server";
import { ArchiveExportModel } from "~models/archive.server";
import { UserModel } from "~models/user.server";
import { ENGINE_ADDRESS_FILE } from "../scripts/embedded-engine";
import { get, post, signInHttp } from "./setup/http";
import { projectRoot, startServer, type TestServer } from "./setup/server";
import { waitFor } from "./setup/wait";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "registry-two-"));
const address = () => fs.readFileSync(path.join(dir, ENGINE_ADDRESS_FILE), "utf8").trim();
let first: TestServer;
let second: TestServer;

beforeAll(async () => {
  // The first owns the engine on the data folder; the second is pointed at it.
  first = await startServer({ DATA_DIR: dir, MONGODB_URI: "", DEMO: "1", JOB_LEASE_SECONDS: "5" });
  // The second records where an export stands after every step (a real one: every 2 seconds).
  second = await startServer({ MONGODB_URI: address(), JOB_LEASE_SECONDS: "5", ARCHIVE_CHECKPOINT_MS: "0" });
  await connectDatabase(address(), "embedded");
}, 240_000);

afterAll(async () => {
  await mongoose.disconnect();
  await second?.stop();
  await first?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("two app processes, one database", () => {
  it("the engine's address is in the data folder while the server runs", () => {
    expect(address()).toMatch(/^mongodb:\/\/%2F.+\/registry\?directConnection=true$/);
  });

  it("a session made on one is valid on the other, and «Выйти» on one ends it on both", async () => {
    const cookie = await signInHttp(first.url, "klass5a");
    expect((await get(second.url, "/classes", cookie)).status).toBe(200);
    await post(second.url, "/logout", {}, cookie);
    expect((await get(first.url, "/classes", cookie)).headers.get("location")).toMatch(/^\/login/);
  });

  it("sign-in throttling is shared", async () => {
    for (let i = 0; i < 4; i++) expect((await post(i % 2 ? first.url : second.url, "/login", { login: "klass9b", password: `wrong-${i}` })).status).toBe(400);
    expect((await post(second.url, "/login", { login: "klass9b", password: "wrong-4" })).status).toBe(429);
    expect((await post(first.url, "/login", { login: "klass9b", password: "demo-2026" })).status).toBe(429);
  });

  it("a job whose process is killed is finished by the other, from where it stood", async () => {
    const archivist = await signInHttp(second.url, "archivist");
    const schoolId = (await UserModel.findOne({ login: "archivist" }).lean<{ schoolId: Types.ObjectId }>())!.schoolId;
    const closed = (await AcademicYearModel.findOne({ schoolId, closedAt: { $ne: null } }).lean<{ name: string }>())!;
    const started = await post(second.url, "/archive", { schoolYear: closed.name }, archivist);
    expect(started.status).toBe(302);
    const latest = () => ArchiveExportModel.findOne({ schoolId, schoolYear: closed.name }).sort({ startedAt: -1 }).lean<{ _id: Types.ObjectId; state: string; attempts: number; sha256: string; done: number; size: number; resumedFromStep: number; checkpoint: { steps: number } | null }>();
    // Killed once a few steps are recorded, in the middle of the export.
    const midway = await waitFor(latest, (j) => (j?.checkpoint?.steps ?? 0) >= 3, 30_000);
    second.child.kill("SIGKILL");
    expect(midway!.state).toBe("running");
    const job = await waitFor(latest, (j) => j?.state === "done", 90_000);
    expect(job!.state).toBe("done");
    expect(job!.attempts).toBe(2);
    expect(job!.resumedFromStep).toBeGreaterThanOrEqual(3);
    expect(job!.checkpoint).toBeNull();
    // The file the two processes wrote between them is whole: every checksum of its manifest holds.
    const archivist1 = await signInHttp(first.url, "archivist");
    expect((await post(first.url, "/archive", { intent: "verify", exportId: String(job!._id) }, archivist1)).status).toBe(302);
    expect((await ArchiveExportModel.findById(job!._id).lean<{ verifiedOk: boolean }>())!.verifiedOk).toBe(true);
  }, 120_000);

  it("a command-line tool works beside the running server on its data folder", async () => {
    const file = path.join(dir, "password");
    fs.writeFileSync(file, "пароль-рядом-с-сервером\n");
    const run = promisify(execFile);
    const env = { ...process.env, MONGODB_URI: "" };
    const result = await run(process.execPath, ["--import", "tsx", "scripts/user-create.ts", "--role", "teacher", "--login", "beside-server", "--last-name", "Иванова", "--first-name", "Мария", "--password-file", file, "--school", "МБОУ «СОШ № 17»", "--data-dir", dir], { cwd: projectRoot, env });
    expect(result.stdout).toContain("Создан пользователь beside-server");
    expect(await signInHttp(first.url, "beside-server", "пароль-рядом-с-сервером")).toBeTruthy();
  });
});
