// The yearly archive on the demo school: export → verify → restore into an empty database →
// export again gives the same manifest; bad archives are refused and write nothing; a kill during
// the export leaves no file that looks whole; only the archivist and the administration export.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import mongoose, { type Types } from "mongoose";
import yauzl from "yauzl";
import yazl from "yazl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeYearArchive, type ArchiveCheckpoint } from "~/archive/export.server";
import { Refusal } from "~/http/refusals";
import { restoreArchive } from "~/archive/restore.server";
import { verifyArchive } from "~/archive/verify.server";
import { AchievementModel } from "~models/achievement.server";
import { ArchiveExportModel, ArchiveFileWriter, archivesBucket, discardArchiveChunks, type ChunkPosition } from "~models/archive.server";
import { AuditModel } from "~models/audit.server";
import { connectDatabase } from "~models/db.server";
import { EvidenceModel } from "~models/evidence.server";
import { ensureIndexes } from "~models/index.server";
import { SchoolModel } from "~models/school.server";
import { SigningCertificateModel } from "~models/signing-certificate.server";
import { UserModel } from "~models/user.server";
import { pdfText } from "./pdf";
import { freshDatabaseUri } from "./setup/database";
import { get, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";
import { projectRoot } from "./setup/server";

const YEAR = "2025/2026";
let schoolId: Types.ObjectId;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "registry-archive-"));
const file = path.join(dir, "year.zip");

const demo = useDemoServer("archive");
beforeAll(async () => {
  schoolId = (await UserModel.findOne({ login: "admin" }).lean<{ schoolId: Types.ObjectId }>())!.schoolId;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function exportTo(target: string) {
  const sink = fs.createWriteStream(target);
  const result = await writeYearArchive({ schoolId, schoolYear: YEAR, exportedBy: "тест", sink });
  if (!sink.closed) await new Promise((resolve) => sink.once("close", () => resolve(null)));
  return result;
}

/** Every entry of a ZIP, read into memory (the demo's archive is small). */
/** Each entry's size and compressed size as the central directory says. */
async function compressedSizes(zipPath: string): Promise<Map<string, { size: number; compressed: number }>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(zipPath, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z!))));
  const methods = new Map<string, { size: number; compressed: number }>();
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      methods.set(entry.fileName, { size: entry.uncompressedSize, compressed: entry.compressedSize });
      zip.readEntry();
    });
    zip.on("end", resolve).on("error", reject);
    zip.readEntry();
  });
  zip.close();
  return methods;
}

async function readEntries(zipPath: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(zipPath, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z!))));
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) =>
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const parts: Buffer[] = [];
        stream.on("data", (c: Buffer) => parts.push(c)).on("end", () => {
          entries.set(entry.fileName, Buffer.concat(parts));
          zip.readEntry();
        });
      }),
    );
    zip.on("end", resolve).on("error", reject);
    zip.readEntry();
  });
  return entries;
}

async function writeZip(target: string, entries: Map<string, Buffer>, compress = true) {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of entries) zip.addBuffer(bytes, name, { compress });
  zip.end();
  await new Promise((resolve) => zip.outputStream.pipe(fs.createWriteStream(target)).on("close", () => resolve(null)));
}

/** Runs `fn` on another, empty database of the run's engine; the demo's connection comes back after. */
async function onEmptyDatabase<T>(fn: () => Promise<T>): Promise<T> {
  await mongoose.disconnect();
  const other = freshDatabaseUri("restore");
  await connectDatabase(other, "external");
  await ensureIndexes();
  try {
    return await fn();
  } finally {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await connectDatabase(demo.uri, "external");
  }
}

const withoutTime = (manifest: { exportedAt: string }) => ({ ...manifest, exportedAt: "" });

describe("export, verify, restore", () => {
  let first: Awaited<ReturnType<typeof exportTo>>;

  it("the export holds every record and file of the year, the registers and the manifest", async () => {
    first = await exportTo(file);
    const whole = crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    expect(first.sha256).toBe(whole);
    const entries = await readEntries(file);
    const achievements = await AchievementModel.countDocuments({ schoolId, academicYear: YEAR });
    expect(achievements).toBeGreaterThan(0);
    expect(entries.get("data/achievements.ndjson")!.toString().trim().split("\n")).toHaveLength(achievements);
    const files = [...entries.keys()].filter((n) => n.startsWith("files/"));
    const evidenceIds = await AchievementModel.distinct("evidence.fileId", { schoolId, academicYear: YEAR });
    expect(files.length).toBe(await EvidenceModel.countDocuments({ _id: { $in: evidenceIds } }));
    expect(files.length).toBeGreaterThan(0);
    // Each document by its class, student, date and kind, never by a database id.
    for (const name of files) expect(name).toMatch(/^files\/\d{1,2}[А-ЯЁ]\/[А-ЯЁ][^/]+\/(\d{4}-\d{2}-\d{2} [^/]+|Документ — [^/]+)\.(jpg|png|webp|pdf)$/);
    expect(files.join("\n")).not.toMatch(/[0-9a-f]{24}/);
    // Photos and PDFs are kept as they are (deflating them again saves nothing); records are deflated.
    const sizes = await compressedSizes(file);
    for (const name of files) expect(sizes.get(name)!.compressed, name).toBeGreaterThanOrEqual(sizes.get(name)!.size);
    expect(sizes.get("data/achievements.ndjson")!.compressed).toBeLessThan(sizes.get("data/achievements.ndjson")!.size / 2);
    // No password leaves the school, in any form.
    expect(entries.get("data/users.ndjson")!.toString()).not.toMatch(/passwordHash|argon2/);
    const summary = [...entries.keys()].find((n) => /^registers\/4А\/сводная-ведомость-год\.pdf$/.test(n));
    expect(summary).toBeDefined();
    expect(pdfText(entries.get(summary!)!)).toContain("Сводная ведомость 4А класса за год, 2025/2026 учебный год");
    expect(entries.has("registers/4А/достижения.xlsx")).toBe(true);
    const manifest = JSON.parse(entries.get("manifest.json")!.toString());
    expect(manifest.entries).toHaveLength(entries.size - 1);
    expect(manifest.retention.map((r: { source: string }) => r.source).join(" ")).toContain("Приказ Росархива № 236 от 20.12.2019");
  });

  it("verification checks every checksum", async () => {
    const result = await verifyArchive(file);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checked).toBe(first.manifest.entries.length);
  });

  it("each stored file goes in byte for byte (read several to a round trip); one with a part missing stops the export", async () => {
    const entries = await readEntries(file);
    const bucket = new mongoose.mongo.GridFSBucket(mongoose.connection.db!, { bucketName: "evidence" });
    const stored = async (record: string) => {
      const evidence = (await EvidenceModel.findById(record).lean<{ gridFsId: Types.ObjectId }>())!;
      return { id: evidence.gridFsId, bytes: Buffer.concat(await bucket.openDownloadStream(evidence.gridFsId).toArray()) };
    };
    const files = first.manifest.entries.filter((e) => e.path.startsWith("files/"));
    expect(files.length).toBeGreaterThan(8); // more than one round trip's worth
    for (const entry of files) expect(entries.get(entry.path)!.equals((await stored(entry.record!)).bytes), entry.path).toBe(true);

    // The first part of the biggest file taken out of the store, then put back.
    const biggest = files.reduce((a, b) => (b.size > a.size ? b : a));
    const { id } = await stored(biggest.record!);
    const chunks = mongoose.connection.db!.collection("evidence.chunks");
    const part = (await chunks.findOne({ files_id: id, n: 0 }))!;
    await chunks.deleteOne({ _id: part._id });
    try {
      // Named by its place in the archive, as the archive page shows it; the store's id only in the cause, for the server's log.
      const stopped = await exportTo(path.join(dir, "broken.zip")).then(() => null, (error: Error) => error);
      expect(stopped?.message).toContain(`Документ «${biggest.path}» повреждён в хранилище: `);
      expect(stopped?.message).not.toContain(String(id));
      expect((stopped?.cause as Error).message).toContain(String(id));
    } finally {
      await chunks.insertOne(part);
    }
  });

  it("restored into an empty database and exported again, it gives the same manifest", async () => {
    // The school's signing key never goes into an archive; an installation restoring a year signs
    // with its own certificate, here the same one, so the registers come out byte for byte.
    const certificates = await SigningCertificateModel.find().lean();
    const again = await onEmptyDatabase(async () => {
      await SigningCertificateModel.insertMany(certificates);
      const restored = await restoreArchive(file, { merge: false });
      expect(restored.added.achievements).toBe(first.manifest.collections.achievements);
      expect(restored.added.files).toBeGreaterThan(0);
      // Restored accounts cannot sign in: the archive keeps no password.
      expect(await UserModel.countDocuments({ active: true })).toBe(0);
      const second = await exportTo(path.join(dir, "again.zip"));
      // Into a database that is no longer empty: refused, unless only what is absent is merged.
      await expect(restoreArchive(file, { merge: false })).rejects.toThrow("В базе уже есть данные");
      const merged = await restoreArchive(file, { merge: true });
      expect(Object.values(merged.added).every((n) => n === 0)).toBe(true);
      return second;
    });
    expect(withoutTime(again.manifest)).toEqual(withoutTime(first.manifest));
  });
});

describe("bad archives are refused with a clear message and write nothing", () => {
  const refusedOnEmpty = async (bad: string) =>
    onEmptyDatabase(async () => {
      await expect(restoreArchive(bad, { merge: false })).rejects.toThrow(Refusal);
      expect(await SchoolModel.estimatedDocumentCount()).toBe(0);
      expect(await AchievementModel.estimatedDocumentCount()).toBe(0);
    });

  it("a truncated ZIP", async () => {
    const bad = path.join(dir, "truncated.zip");
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(bad, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const result = await verifyArchive(bad);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toContain("не является целым ZIP-архивом");
    await refusedOnEmpty(bad);
  });

  it("an entry changed after the export, and a changed byte in the file, are found and named", async () => {
    const entries = await readEntries(file);
    const students = Buffer.from(entries.get("data/students.ndjson")!);
    students[100] = students[100] === 0x41 ? 0x42 : 0x41;
    entries.set("data/students.ndjson", students);
    const bad = path.join(dir, "tampered.zip");
    await writeZip(bad, entries);
    const result = await verifyArchive(bad);
    expect(result.problems).toEqual(["«data/students.ndjson»: контрольная сумма SHA-256 не совпадает — файл изменён после выгрузки"]);
    await refusedOnEmpty(bad);

    // One byte inside a stored document's data, in place.
    const plain = path.join(dir, "plain.zip");
    await writeZip(plain, await readEntries(file), false);
    const bytes = fs.readFileSync(plain);
    const target = [...(await readEntries(plain)).keys()].find((n) => n.startsWith("files/"))!;
    const at = bytes.indexOf(Buffer.from(target)) + target.length + 200;
    bytes[at] ^= 0xff;
    const flipped = path.join(dir, "flipped.zip");
    fs.writeFileSync(flipped, bytes);
    const found = await verifyArchive(flipped);
    expect(found.ok).toBe(false);
    expect(found.problems.join("\n")).toContain(`«${target}»`);
  });

  it("a path that climbs out of the target", async () => {
    const entries = await readEntries(file);
    entries.set("zz/evil.txt", Buffer.from("перезапишу ваши файлы"));
    const staged = path.join(dir, "staged.zip");
    await writeZip(staged, entries);
    // yazl refuses to write «..»: the name is put in the bytes afterwards, as an attacker would.
    const bytes = fs.readFileSync(staged);
    const bad = path.join(dir, "climb.zip");
    fs.writeFileSync(bad, Buffer.from(bytes.toString("latin1").replaceAll("zz/evil.txt", "../evil.txt"), "latin1"));
    const result = await verifyArchive(bad);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toContain("недопустимый путь «../evil.txt»");
    await refusedOnEmpty(bad);
    expect(fs.existsSync(path.join(dir, "..", "evil.txt"))).toBe(false);
  });

  it("an unknown format version", async () => {
    const entries = await readEntries(file);
    const manifest = JSON.parse(entries.get("manifest.json")!.toString());
    entries.set("manifest.json", Buffer.from(JSON.stringify({ ...manifest, version: 2 })));
    const bad = path.join(dir, "version.zip");
    await writeZip(bad, entries);
    const result = await verifyArchive(bad);
    expect(result.problems).toEqual(["manifest.json: версия формата 2 не поддерживается (эта версия реестра читает версию 1)"]);
    await refusedOnEmpty(bad);
  });

  it("a ZIP bomb is refused before it is inflated", async () => {
    const entries = await readEntries(file);
    entries.set("data/bomb.ndjson", Buffer.alloc(64 * 1024 * 1024));
    const bad = path.join(dir, "bomb.zip");
    await writeZip(bad, entries);
    expect(fs.statSync(bad).size).toBeLessThan(2 * 1024 * 1024);
    const result = await verifyArchive(bad);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/«data\/bomb\.ndjson»: распаковывается в 67108864 байт .* похоже на ZIP-бомбу/);
    await refusedOnEmpty(bad);
  });
});

describe("the command line", () => {
  const cli = (script: string, args: string[]) =>
    spawn(process.execPath, ["--import", "tsx", `scripts/${script}`, ...args], { cwd: projectRoot, env: { ...process.env, MONGODB_URI: demo.uri }, stdio: ["ignore", "pipe", "pipe"] });
  const run = (script: string, args: string[]) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = cli(script, args);
      let out = "";
      child.stdout!.on("data", (d) => (out += d));
      child.stderr!.on("data", (d) => (out += d));
      child.on("exit", (code) => resolve({ code, out }));
    });

  it("an export cut off goes on from its last checkpoint and gives the same archive", async () => {
    process.env.ARCHIVE_CHECKPOINT_MS = "0";
    try {
      const uninterrupted = await exportTo(path.join(dir, "uninterrupted.zip"));
      const fileId = new mongoose.Types.ObjectId();
      const checkpoints: (ArchiveCheckpoint & { chunk: ChunkPosition })[] = [];
      const stop = new AbortController();
      const first = new ArchiveFileWriter(fileId);
      // The first attempt records checkpoints and is cut off three steps after the fifth, having
      // written more than that checkpoint holds.
      await expect(
        writeYearArchive({
          schoolId, schoolYear: YEAR, exportedBy: "тест", output: first, signal: stop.signal,
          onCheckpoint: async (checkpoint) => {
            checkpoints.push({ ...checkpoint, chunk: first.position() });
            if (checkpoints.length === 8) stop.abort();
          },
        }),
      ).rejects.toThrow("Выгрузка остановлена");
      const from = checkpoints[4];
      expect(from.steps).toBe(5);
      await discardArchiveChunks(fileId, from.chunk.n);
      const second = new ArchiveFileWriter(fileId, from.chunk);
      const resumed = await writeYearArchive({ schoolId, schoolYear: YEAR, exportedBy: "тест", output: second, resume: from });
      const length = await second.close("resumed.zip", {});
      expect(resumed.size).toBe(length);
      // The same entries with the same checksums as the export that was never cut off.
      expect(resumed.manifest.digest).toBe(uninterrupted.manifest.digest);
      const target = path.join(dir, "resumed.zip");
      const bytes: Buffer[] = [];
      for await (const chunk of archivesBucket().openDownloadStream(fileId)) bytes.push(chunk as Buffer);
      fs.writeFileSync(target, Buffer.concat(bytes));
      const verified = await verifyArchive(target);
      expect(verified.problems).toEqual([]);
      expect(verified.checked).toBe(uninterrupted.manifest.entries.length);
      await archivesBucket().delete(fileId);
    } finally {
      delete process.env.ARCHIVE_CHECKPOINT_MS;
    }
  });

  it("a kill during the export leaves no file that looks whole", async () => {
    const target = path.join(dir, "killed.zip");
    const child = cli("archive-export.ts", ["--year", YEAR, "--out", target, "--school", String(schoolId)]);
    await new Promise<void>((resolve) => child.stdout!.on("data", (d: Buffer) => d.toString().includes("[архив]") && resolve()));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("exit", resolve));
    expect(fs.existsSync(target)).toBe(false);
    // What may be left under the working name is not an archive that passes.
    const leftoverPasses = fs.existsSync(`${target}.part`) && (await verifyArchive(`${target}.part`)).ok;
    expect(leftoverPasses).toBe(false);
  });

  it("archive:export writes the file and its checksum and logs it with the storage periods; archive:verify names a changed entry", async () => {
    const target = path.join(dir, "cli.zip");
    // The demo municipality has three schools: the one is named.
    const unnamed = await run("archive-export.ts", ["--year", YEAR, "--out", target]);
    expect(unnamed.code).not.toBe(0);
    expect(unnamed.out).toContain("в базе несколько школ: укажите --school");
    const exported = await run("archive-export.ts", ["--year", YEAR, "--out", target, "--school", String(schoolId)]);
    expect(exported.out).toContain("Готово");
    expect(exported.code).toBe(0);
    const sum = crypto.createHash("sha256").update(fs.readFileSync(target)).digest("hex");
    expect(fs.readFileSync(`${target}.sha256`, "utf8")).toBe(`${sum}  cli.zip\n`);
    const logged = await AuditModel.findOne({ entity: "archive", action: "export", entityId: YEAR }).lean<{ summary: string }>();
    expect(logged!.summary).toContain(sum);
    expect(logged!.summary).toContain("Приказ Росархива № 236");

    const again = await run("archive-export.ts", ["--year", YEAR, "--out", target, "--school", String(schoolId)]);
    expect(again.code).not.toBe(0);
    expect(again.out).toContain("уже есть");
    const open = await run("archive-export.ts", ["--year", "2026/2027", "--out", path.join(dir, "open.zip"), "--school", String(schoolId)]);
    expect(open.code).not.toBe(0);
    expect(open.out).toContain("ещё не закрыт");

    const ok = await run("archive-verify.ts", [target]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("Архив цел");
    const bad = await run("archive-verify.ts", [path.join(dir, "tampered.zip")]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("Ошибка: «data/students.ndjson»: контрольная сумма SHA-256 не совпадает");
  });
});

describe("from the archive page", () => {
  it("a parent or a teacher cannot export; the archivist exports, downloads and verifies", async () => {
    for (const login of ["parent", "teacher", "klass5a"]) {
      const cookie = await signInHttp(demo.server.url, login);
      expect((await post(demo.server.url, "/archive", { schoolYear: YEAR }, cookie)).status).toBe(404);
    }
    expect(await ArchiveExportModel.countDocuments()).toBe(0);

    const archivist = await signInHttp(demo.server.url, "archivist");
    expect((await post(demo.server.url, "/archive", { schoolYear: "2026/2027" }, archivist)).status).toBe(400);
    // A form that succeeded answers with a redirect back to the page, which shows the export.
    expect((await post(demo.server.url, "/archive", { schoolYear: YEAR }, archivist)).status).toBe(302);
    await expect.poll(async () => (await ArchiveExportModel.findOne().lean<{ state: string }>())?.state, { timeout: 60_000, interval: 300 }).toBe("done");
    const job = (await ArchiveExportModel.findOne().lean<{ _id: Types.ObjectId; sha256: string; size: number }>())!;

    // Not removed from the database before anyone has downloaded it.
    expect((await post(demo.server.url, "/archive", { intent: "remove", exportId: String(job._id) }, archivist)).status).toBe(400);

    const teacher = await signInHttp(demo.server.url, "teacher");
    expect((await get(demo.server.url, `/archive/${job._id}.zip`, teacher)).status).toBe(404);
    const download = await get(demo.server.url, `/archive/${job._id}.zip`, archivist);
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.length).toBe(job.size);
    expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(job.sha256);

    expect((await post(demo.server.url, "/archive", { intent: "verify", exportId: String(job._id) }, archivist)).status).toBe(302);
    expect((await ArchiveExportModel.findById(job._id).lean<{ verifiedOk: boolean }>())!.verifiedOk).toBe(true);

    // Downloaded, it may leave the database; its record stays, the file is gone.
    expect((await post(demo.server.url, "/archive", { intent: "remove", exportId: String(job._id) }, archivist)).status).toBe(302);
    expect(await mongoose.connection.db!.collection("archives.files").countDocuments()).toBe(0);
    expect((await get(demo.server.url, `/archive/${job._id}.zip`, archivist)).status).toBe(404);
    expect(await AuditModel.exists({ entity: "archive", action: "delete" })).not.toBeNull();
  });
});
