// What the user was told is saved survives kill -9 a moment later: 20 acknowledged operations of
// different kinds, each followed by SIGKILL of the server's whole process group (the server and its
// embedded engine) 0–20 ms after the answer arrived; after each restart the operation is there and
// whole — its audit line, its file complete, no orphan file, no half import. Then the engine alone.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import mongoose, { type Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase } from "~models/db.server";
import { AchievementModel } from "~models/achievement.server";
import { AuditModel } from "~models/audit.server";
import { CreditApplicationModel } from "~models/credit.server";
import { EvidenceModel, EVIDENCE_BUCKET } from "~models/evidence.server";
import { ExtractRequestModel, IssuedDocumentModel } from "~models/document.server";
import { activeKey, activeResultSets, ResultsImportModel } from "~models/results.server";
import { listStudentsOfClasses } from "~models/student.server";
import { SubjectModel } from "~models/subject.server";
import { UserModel } from "~models/user.server";
import { runningEngineAddress } from "../scripts/embedded-engine";
import { dayThisYear, demoIds } from "./demo-ids";
import * as files from "./files";
import { get, post, signInHttp } from "./setup/http";
import { startServer as startTestServer, type TestServer } from "./setup/server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "registry-crash-"));
let server: TestServer | null = null;
const url = () => server!.url;

/** The server with its engine in a process group of its own (as `npm start` is), on one data folder throughout. */
async function startServer() {
  server = await startTestServer({ DATA_DIR: dir, MONGODB_URI: "", DEMO: "1" }, { detached: true });
  // The test reads the database through the running server's engine, as a CLI would.
  await connectDatabase((await runningEngineAddress(dir))!, "embedded");
}

/** Whether any process of the group is alive. */
const groupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function killGroup() {
  const pid = server!.child.pid!;
  process.kill(-pid, "SIGKILL");
  while (groupAlive(pid)) await new Promise((r) => setTimeout(r, 20));
  await mongoose.disconnect().catch(() => undefined);
}

let ids: Awaited<ReturnType<typeof demoIds>>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  await startServer();
  ids = await demoIds();
  for (const login of ["teacher", "klass5a", "parent", "admin"]) cookies[login] = await signInHttp(url(), login);
}, 180_000);

afterAll(async () => {
  if (server?.child.pid && groupAlive(server.child.pid)) await killGroup();
  await mongoose.disconnect().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

const multipartPost = (path: string, cookie: string, fields: Record<string, string>, attachments: { field: string; name: string; bytes: Buffer; type: string }[]) => {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  for (const a of attachments) form.append(a.field, new Blob([new Uint8Array(a.bytes)], { type: a.type }), a.name);
  return fetch(`${url()}${path}`, { method: "POST", body: form, redirect: "manual", headers: { Cookie: cookie, Origin: url() } });
};

const auditLine = (entityId: string, action?: string) => AuditModel.exists({ entityId, ...(action ? { action } : {}) });

/** A stored evidence file, whole: its GridFS entry and every chunk of it. */
async function wholeFile(evidenceId: Types.ObjectId) {
  const evidence = (await EvidenceModel.findById(evidenceId).lean<{ gridFsId: Types.ObjectId }>())!;
  const db = mongoose.connection.db!;
  const entry = (await db.collection(`${EVIDENCE_BUCKET}.files`).findOne({ _id: evidence.gridFsId }))!;
  const chunks = await db.collection(`${EVIDENCE_BUCKET}.chunks`).countDocuments({ files_id: evidence.gridFsId });
  return { length: entry.length as number, complete: chunks === Math.ceil((entry.length as number) / (entry.chunkSize as number)) };
}

interface Operation {
  name: string;
  /** Sends the request; the answer is the acknowledgement. Returns what the check needs. */
  send(): Promise<{ response: Response; key: string }>;
  /** After the restart: the operation is there and whole. */
  check(key: string): Promise<void>;
}

let created = 0;
const submittedToVerify: string[] = [];
const requestsToApprove: string[] = [];
const applicationsToDecide: string[] = [];

const achievementWithFile: Operation = {
  name: "an achievement with a scanned diploma",
  async send() {
    created += 1;
    const response = await multipartPost(
      `/students/${ids.childA}/achievements/new`,
      cookies.teacher,
      { kind: "contest", date: dayThisYear(3), contestType: "creative", title: `Конкурс чтецов № ${created}`, level: "municipal", status: "winner", intent: "submit" },
      [{ field: "files", name: `грамота-${created}.png`, bytes: await files.png(800 + created, 600), type: "image/png" }],
    );
    const id = /\/achievements\/([a-f0-9]{24})/.exec(response.headers.get("location") ?? "")?.[1] ?? "";
    submittedToVerify.push(id);
    return { response, key: id };
  },
  async check(id) {
    const achievement = (await AchievementModel.findById(id).lean<{ status: string; evidence: { fileId: Types.ObjectId }[] }>())!;
    expect(achievement.status).toBe("submitted");
    expect(achievement.evidence).toHaveLength(1);
    const file = await wholeFile(achievement.evidence[0].fileId);
    expect(file.length).toBeGreaterThan(0);
    expect(file.complete).toBe(true);
    expect(await auditLine(id)).not.toBeNull();
  },
};

const verification: Operation = {
  name: "a verification",
  async send() {
    const id = submittedToVerify.shift()!;
    const seen = (await AchievementModel.findById(id).lean<{ updatedAt: Date }>())!.updatedAt.toISOString();
    return { response: await post(url(), `/achievements/${id}`, { intent: "verify", seen }, cookies.klass5a), key: id };
  },
  async check(id) {
    expect((await AchievementModel.findById(id).lean<{ status: string }>())!.status).toBe("verified");
    expect(await AuditModel.exists({ entityId: id, "after.status": "verified" })).not.toBeNull();
  },
};

const extractRequest: Operation = {
  name: "an extract request",
  async send() {
    created += 1;
    const purpose = `для олимпиадной школы, заявление ${created}`;
    const body = new URLSearchParams({ purpose });
    for (const section of ["achievements", "results"]) body.append("section", section);
    const response = await fetch(`${url()}/family/${ids.childA}/extracts`, { method: "POST", redirect: "manual", body, headers: { Cookie: cookies.parent, Origin: url() } });
    const stored = await ExtractRequestModel.findOne({ purpose }).lean<{ _id: Types.ObjectId }>();
    requestsToApprove.push(String(stored?._id ?? ""));
    return { response, key: purpose };
  },
  async check(purpose) {
    const stored = (await ExtractRequestModel.findOne({ purpose }).lean<{ _id: Types.ObjectId; sections: string[] }>())!;
    expect(stored.sections).toEqual(["achievements", "results"]);
    expect(await auditLine(String(stored._id), "create")).not.toBeNull();
  },
};

const extractApproval: Operation = {
  name: "an extract's approval",
  async send() {
    const id = requestsToApprove.shift()!;
    return { response: await post(url(), "/extracts", { intent: "approve", id }, cookies.klass5a), key: id };
  },
  async check(id) {
    expect((await ExtractRequestModel.findById(id).lean<{ status: string }>())!.status).toBe("approved");
    const document = (await IssuedDocumentModel.findOne({ extractId: id }).lean<{ _id: Types.ObjectId; sha256: string }>())!;
    expect(document.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await auditLine(String(document._id), "create")).not.toBeNull();
    // The issued PDF downloads whole.
    expect((await get(url(), `/extracts/${id}.pdf`, cookies.parent)).status).toBe(200);
  },
};

let markRound = 0;
const marksApplied: Operation = {
  name: "period marks applied",
  async send() {
    markRound += 1;
    const students = await listStudentsOfClasses(ids.schoolId, [new mongoose.Types.ObjectId(ids.class5a)]);
    const maths = (await SubjectModel.findOne({ name: "Математика" }).lean<{ _id: Types.ObjectId }>())!;
    const path = `/classes/${ids.class5a}/marks?period=1`;
    const previewed = /name="previewed" value="([^"]*)"/.exec(await (await get(url(), path, cookies.klass5a)).text())![1];
    const mark = String(2 + (markRound % 4));
    const fields: Record<string, string> = { period: "1", previewed };
    // The whole class at once: a half-applied set would show some old and some new marks.
    for (const student of students) fields[`m:${student._id}:${maths._id}`] = mark;
    return { response: await post(url(), path, fields, cookies.klass5a), key: mark };
  },
  async check(mark) {
    const maths = String((await SubjectModel.findOne({ name: "Математика" }).lean<{ _id: Types.ObjectId }>())!._id);
    const students = await listStudentsOfClasses(ids.schoolId, [new mongoose.Types.ObjectId(ids.class5a)]);
    const inForce = (await activeResultSets(ids.schoolId, [{ classId: ids.class5a, period: "1" }])).get(activeKey(ids.class5a, "1"))!;
    // The set in force holds the new mark for every student: never part old, part new.
    const mathsMarks = inForce.rows.map((row) => String(row.marks.find((m) => String(m.subjectId) === maths)?.mark));
    expect(mathsMarks).toHaveLength(students.length);
    expect(new Set(mathsMarks)).toEqual(new Set([mark]));
    const imports = await ResultsImportModel.find({ classId: ids.class5a, period: "1" }, { state: 1 }).lean<{ _id: Types.ObjectId; state: string }[]>();
    const lines = await AuditModel.find({ entity: "results" }, { entityId: 1, summary: 1 }).lean<{ entityId: string; summary: string }[]>();
    expect(await AuditModel.exists({ entity: "results", action: "update", entityId: String(inForce.importId) }), JSON.stringify({ inForce: inForce.importId, imports, lines })).not.toBeNull();
  },
};

const creditApplication: Operation = {
  name: "a credit application with a document",
  async send() {
    created += 1;
    const maths = (await SubjectModel.findOne({ name: "Математика" }).lean<{ _id: Types.ObjectId }>())!;
    const programme = `Курс олимпиадной математики, часть ${created}`;
    const response = await multipartPost(
      `/family/${ids.childA}/credits`,
      cookies.parent,
      { subjectId: String(maths._id), programme, organisation: "Центр «Сириус»", periodFrom: "2026-09-01", periodTo: "2026-11-01", result: "итоговая работа — «отлично»" },
      [{ field: "files", name: "справка.jpg", bytes: await files.photoWithGps(800 + created, 600), type: "image/jpeg" }],
    );
    const stored = await CreditApplicationModel.findOne({ programme }).lean<{ _id: Types.ObjectId }>();
    applicationsToDecide.push(String(stored?._id ?? ""));
    return { response, key: programme };
  },
  async check(programme) {
    const stored = (await CreditApplicationModel.findOne({ programme }).lean<{ _id: Types.ObjectId; evidence: { fileId: Types.ObjectId }[] }>())!;
    expect(stored.evidence).toHaveLength(1);
    expect((await wholeFile(stored.evidence[0].fileId)).complete).toBe(true);
    expect(await auditLine(String(stored._id), "create")).not.toBeNull();
  },
};

const creditDecision: Operation = {
  name: "a credit decision",
  async send() {
    const id = applicationsToDecide.shift()!;
    const fields = { intent: "decide", outcome: "credited", mark: "5", period: "year", reason: "программа и результат соответствуют ФГОС", act: "Положение о зачёте, п. 3.2" };
    return { response: await post(url(), `/credits/${id}`, fields, cookies.admin), key: id };
  },
  async check(id) {
    const stored = (await CreditApplicationModel.findById(id).lean<{ decisions: { outcome: string }[] }>())!;
    expect(stored.decisions.map((d) => d.outcome)).toEqual(["credited"]);
    expect(await AuditModel.exists({ entityId: id, action: "update", summary: /^решение о зачёте: / })).not.toBeNull();
  },
};

const userCreated: Operation = {
  name: "a user created",
  async send() {
    created += 1;
    const login = `new-teacher-${created}`;
    const fields = { lastName: "Новикова", firstName: "Ольга", login, password: "password-123", roles: "teacher" };
    return { response: await post(url(), "/admin/users/new", fields, cookies.admin), key: login };
  },
  async check(login) {
    const user = (await UserModel.findOne({ login }).lean<{ _id: Types.ObjectId }>())!;
    expect(await auditLine(String(user._id), "create")).not.toBeNull();
  },
};

// Twenty operations, each depending only on ones before it.
const PLAN: Operation[] = [
  achievementWithFile, verification, extractRequest, extractApproval, marksApplied,
  creditApplication, creditDecision, userCreated, achievementWithFile, achievementWithFile,
  verification, extractRequest, marksApplied, creditApplication, extractApproval,
  creditDecision, userCreated, verification, marksApplied, achievementWithFile,
];

describe("kill -9 right after the answer", () => {
  it("loses none of 20 acknowledged operations", async () => {
    expect(PLAN).toHaveLength(20);
    for (const [i, operation] of PLAN.entries()) {
      const { response, key } = await operation.send();
      // A 2xx or a redirect: the person was told it is saved.
      expect(response.status, `${i}: ${operation.name}`).toBeLessThan(400);
      // 0–20 ms after the answer, spread over the runs.
      const delay = (i * 7) % 21;
      await new Promise((r) => setTimeout(r, delay));
      await killGroup();
      await startServer();
      await operation.check(key);
    }
    // No orphan: every stored document is referenced by an achievement or an application.
    const referenced = new Set(
      [...(await AchievementModel.distinct("evidence.fileId")), ...(await CreditApplicationModel.distinct("evidence.fileId"))].map(String),
    );
    const evidence = await EvidenceModel.find({}, { _id: 1, gridFsId: 1 }).lean<{ _id: Types.ObjectId; gridFsId: Types.ObjectId }[]>();
    expect(evidence.filter((e) => !referenced.has(String(e._id)))).toEqual([]);
    const gridFs = await mongoose.connection.db!.collection(`${EVIDENCE_BUCKET}.files`).distinct("_id");
    expect(gridFs.map(String).sort()).toEqual(evidence.map((e) => String(e.gridFsId)).sort());
  }, 900_000);

  it("keeps a save when only the engine is killed", async () => {
    const login = "after-engine-kill";
    const response = await post(url(), "/admin/users/new", { lastName: "Смирнова", firstName: "Анна", login, password: "password-123", roles: "teacher" }, cookies.admin);
    expect(response.status).toBe(302);
    const engine = fs
      .readFileSync(`/proc/${server!.child.pid}/task/${server!.child.pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .map(Number)
      .find((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("embedded-engine-child"))!;
    process.kill(engine, "SIGKILL");
    await killGroup();
    await startServer();
    const user = (await UserModel.findOne({ login }).lean<{ _id: Types.ObjectId }>())!;
    expect(await auditLine(String(user._id), "create")).not.toBeNull();
  }, 300_000);
});
