// The yearly archive (seed 004 §7): one closed school year of one school as a ZIP — every record
// of the year as NDJSON, every confirming document and issued PDF, the human-readable registers,
// and a manifest with the SHA-256 of each entry and of them all (docs/archive.md). Streamed end to
// end: a cursor feeds each data file, a GridFS stream each document, and the ZIP goes to the sink
// as it is made, so memory does not grow with the school. A cut-off export goes on from its last
// checkpoint (zip-stream.server.ts). Nothing here depends on the time of the
// export except the manifest's `exportedAt`: the same data gives the same entries.
import crypto from "node:crypto";
import { Readable, Transform, type Writable } from "node:stream";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import mongoose, { type Types } from "mongoose";
import { STAFF_ROLES } from "~models/vocabulary/roles";
import { AcademicYearModel, type AcademicYear } from "~models/academic-year.server";
import { className, ClassModel, type SchoolClass } from "~models/class.server";
import { EVIDENCE_BUCKET } from "~models/evidence.server";
import { DOCUMENTS_BUCKET } from "~models/document.server";
import { getRetention, SchoolModel, type School } from "~models/school.server";
import { EXTENSION_OF, type AcceptedType } from "~storage/limits";
import { ARCHIVE_COLLECTIONS, ARCHIVE_COLLECTION_NAMES, ARCHIVE_FORMAT, ARCHIVE_VERSION, digestLines, MANIFEST_NAME, type ArchiveCollection, type Manifest } from "./format";
import { collectionOf } from "./collections.server";
import { classAchievementsRegister, classSummaryRegisters, creditDecisionsRegister, type RegisterFile } from "./registers.server";
import { ZipStream, ZipTooLarge, type ZipState } from "./zip-stream.server";

/** A refusal the archivist reads: a Russian sentence, no stack. */
export class ArchiveError extends Error {}

export interface ArchiveProgress {
  stage: string;
  done: number;
  total: number;
}

const EJSON = mongoose.mongo.BSON.EJSON;
const DAY_MS = 24 * 3600_000;

/** The closed year of the school by its name («2025/2026»), or an ArchiveError saying why not. */
export async function closedYear(schoolId: Types.ObjectId, schoolYear: string) {
  const year = await AcademicYearModel.findOne({ schoolId, name: schoolYear }).lean<AcademicYear>();
  if (!year) throw new ArchiveError(`Учебного года ${schoolYear} в базе нет.`);
  if (!year.closedAt) throw new ArchiveError(`Учебный год ${schoolYear} ещё не закрыт: архив делается после закрытия года (Администрирование → Учебный год), когда его записи больше не меняются.`);
  return year;
}

/** What goes into the archive of a year: a filter per collection, found from the year's classes and students. */
async function yearSelection(school: School, year: AcademicYear) {
  const schoolId = school._id;
  const enrolmentFilter = { schoolId, yearId: year._id };
  const studentIds = await collectionOf("enrolments").distinct("studentId", enrolmentFilter);
  const classIds = new Set((await collectionOf("classes").distinct("_id", enrolmentFilter)).map(String));
  const representativeIds = await collectionOf("students").distinct("representativeIds", { schoolId, _id: { $in: studentIds } });
  const state = await collectionOf("resultsState").findOne({ schoolId });
  const active = Object.entries((state?.active ?? {}) as Record<string, Types.ObjectId>).filter(([key]) => classIds.has(key.split(":")[0]));
  const setIds = active.map(([, id]) => id);
  const importIds = await collectionOf("resultSets").distinct("importId", { _id: { $in: setIds } });
  const achievementFilter = { schoolId, academicYear: year.name };
  const creditFilter = { schoolId, schoolYear: year.name };
  const evidenceIds = [
    ...(await collectionOf("achievements").distinct("evidence.fileId", achievementFilter)),
    ...(await collectionOf("creditApplications").distinct("evidence.fileId", creditFilter)),
  ];
  // The year's days, its last one included.
  const during = { $gte: year.startDate, $lt: new Date(year.endDate.getTime() + DAY_MS) };
  const filters: Record<ArchiveCollection, object> = {
    schools: { _id: schoolId },
    academicYears: { _id: year._id },
    subjects: { schoolId },
    users: { schoolId, $or: [{ roles: { $in: STAFF_ROLES } }, { _id: { $in: representativeIds } }, { studentId: { $in: studentIds } }] },
    classes: { schoolId, yearId: year._id },
    students: { schoolId, _id: { $in: studentIds } },
    enrolments: enrolmentFilter,
    resultsImports: { schoolId, _id: { $in: importIds } },
    resultSets: { schoolId, _id: { $in: setIds } },
    resultsState: { schoolId },
    externalResults: { schoolId, schoolYear: year.name },
    evidence: { schoolId, _id: { $in: evidenceIds } },
    achievements: achievementFilter,
    supportCases: { schoolId, yearId: year._id },
    giftedLists: { schoolId, schoolYear: year.name },
    giftedRecords: { schoolId, studentId: { $in: studentIds } },
    creditRules: { schoolId },
    creditApplications: creditFilter,
    extractRequests: { schoolId, studentId: { $in: studentIds }, requestedAt: during },
    issuedDocuments: { schoolId, schoolYear: year.name },
    // The archive's own entries stay in the live log: they are about the archive, not the year.
    auditLog: { schoolId, at: during, entity: { $ne: "archive" } },
  };
  // Which result sets are in force, for the year's classes only.
  const activeOfYear = Object.fromEntries(active);
  return { filters, activeOfYear };
}

/** A document as it is written: secrets and the state of a live account are not part of the record. */
function archived(name: ArchiveCollection, doc: Record<string, unknown>, activeOfYear: Record<string, Types.ObjectId>) {
  if (name === "users") {
    const { passwordHash: _p, sessionVersion: _s, lastLoginAt: _l, mustChangePassword: _m, active: _a, ...kept } = doc;
    return kept;
  }
  if (name === "resultsState") return { ...doc, active: activeOfYear };
  return doc;
}

/** Hashes and counts what passes through. */
function hashingTap() {
  const hash = crypto.createHash("sha256");
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  return { stream, result: () => ({ size, sha256: hash.digest("hex") }) };
}

/** Lines of NDJSON from a cursor, a few hundred documents per chunk. */
async function* ndjson(cursor: AsyncIterable<Record<string, unknown>>, each: (doc: Record<string, unknown>) => Record<string, unknown>, counted: () => void) {
  let batch = "";
  for await (const doc of cursor) {
    batch += EJSON.stringify(each(doc), { relaxed: false }) + "\n";
    counted();
    if (batch.length > 256 * 1024) {
      yield batch;
      batch = "";
    }
  }
  if (batch) yield batch;
}

/** Where the archive's bytes go: a file or stream (`sink`), or a writer that can be continued (`output`). */
export interface ArchiveOutput {
  write(bytes: Buffer): Promise<void>;
}

/** What an export has done, enough for another attempt to go on from there. */
export interface ArchiveCheckpoint {
  steps: number;
  zip: ZipState;
  entries: Manifest["entries"];
  done: number;
}

/** How often a running export records where it stands (ARCHIVE_CHECKPOINT_MS, default 2 s). */
const checkpointEveryMs = () => Math.max(0, Number(process.env.ARCHIVE_CHECKPOINT_MS ?? 2000));

/** A Writable as an output: waits when it is full, fails when it fails. */
function writableOutput(sink: Writable): ArchiveOutput & { end(): Promise<void> } {
  return {
    async write(bytes) {
      if (sink.destroyed) throw sink.errored ?? new ArchiveError("Запись архива прервана.");
      if (!sink.write(bytes)) await once(sink, "drain");
    },
    async end() {
      sink.end();
      await finished(sink);
    },
  };
}

/**
 * Writes the archive of a closed year to `sink` (or `output`) and hands back its manifest and the
 * size of the whole file, with its SHA-256 when this run wrote all of it. `resume` goes on from a
 * checkpoint an earlier, cut-off run recorded through `onCheckpoint` (called between entries,
 * every few seconds). `signal` stops it (a sink is then destroyed, half-written).
 */
export async function writeYearArchive(input: {
  schoolId: Types.ObjectId;
  schoolYear: string;
  exportedBy: string;
  sink?: Writable;
  output?: ArchiveOutput;
  resume?: ArchiveCheckpoint | null;
  onCheckpoint?: (checkpoint: ArchiveCheckpoint) => Promise<void>;
  onProgress?: (progress: ArchiveProgress) => void | Promise<void>;
  signal?: AbortSignal;
}): Promise<{ manifest: Manifest; sha256: string | null; size: number }> {
  const { schoolId } = input;
  const school = await SchoolModel.findById(schoolId).lean<School>();
  if (!school) throw new ArchiveError("Школы нет в базе.");
  const year = await closedYear(schoolId, input.schoolYear);
  const at = year.closedAt!;
  const { filters, activeOfYear } = await yearSelection(school, year);
  const classes = await ClassModel.find({ schoolId, yearId: year._id }).sort({ grade: 1, letter: 1 }).lean<SchoolClass[]>();
  const counts = Object.fromEntries(
    await Promise.all(ARCHIVE_COLLECTION_NAMES.map(async (name) => [name, await collectionOf(name).countDocuments(filters[name])] as const)),
  ) as Record<ArchiveCollection, number>;
  const issuedWithBytes = await collectionOf("issuedDocuments").countDocuments({ ...filters.issuedDocuments, gridFsId: { $ne: null } });
  const resume = input.resume ?? null;
  const progress: ArchiveProgress = {
    stage: resume ? "продолжение с места остановки" : "подготовка",
    done: resume?.done ?? 0,
    total: Object.values(counts).reduce((a, b) => a + b, 0) + counts.evidence + issuedWithBytes + classes.length + 1,
  };
  let reportedAt = 0;
  const report = async (stage: string, force = false) => {
    progress.stage = stage;
    if (!force && Date.now() - reportedAt < 250) return;
    reportedAt = Date.now();
    await input.onProgress?.({ ...progress });
  };

  const sinkOutput = input.sink ? writableOutput(input.sink) : null;
  const output = input.output ?? sinkOutput!;
  const whole = crypto.createHash("sha256");
  const zip = new ZipStream(
    async (bytes) => {
      if (input.signal?.aborted) throw new ArchiveError("Выгрузка остановлена.");
      whole.update(bytes);
      await output.write(bytes);
    },
    at,
    resume?.zip,
  );
  const entries: Manifest["entries"] = [...(resume?.entries ?? [])];
  const add = async (path: string, source: Readable) => {
    const tap = hashingTap();
    const through = source.pipe(tap.stream);
    source.once("error", (error) => through.destroy(error));
    await zip.addEntry(path, through);
    entries.push({ path, ...tap.result() });
  };
  const addBytes = (path: string, bytes: Uint8Array) => add(path, Readable.from([Buffer.from(bytes)]));

  // The export is a list of steps, an entry or a few each; a resumed run passes over those done.
  let steps = 0;
  let checkpointAt = Date.now();
  const step = async (work: () => Promise<void>) => {
    if (steps < (resume?.steps ?? 0)) {
      steps += 1;
      return;
    }
    await work();
    steps += 1;
    if (input.onCheckpoint && Date.now() - checkpointAt >= checkpointEveryMs()) {
      await input.onCheckpoint({ steps, zip: zip.state(), entries: [...entries], done: progress.done });
      checkpointAt = Date.now();
    }
  };

  try {
    await step(() => add("README.txt", Readable.from([readme(school, year)])));
    for (const name of ARCHIVE_COLLECTION_NAMES) {
      await step(async () => {
        await report(`записи: ${ARCHIVE_COLLECTIONS[name]}`, true);
        const cursor = collectionOf(name).find(filters[name]).sort({ _id: 1 });
        await add(`data/${name}.ndjson`, Readable.from(ndjson(cursor, (doc) => archived(name, doc, activeOfYear), () => void progress.done++)));
        await report(`записи: ${ARCHIVE_COLLECTIONS[name]}`);
      });
    }
    const db = mongoose.connection.db!;
    await report("подтверждающие документы", true);
    const evidenceBucket = new mongoose.mongo.GridFSBucket(db, { bucketName: EVIDENCE_BUCKET });
    for await (const file of collectionOf("evidence").find(filters.evidence, { projection: { gridFsId: 1, type: 1 } }).sort({ _id: 1 })) {
      await step(async () => {
        await add(`files/${file._id}${EXTENSION_OF[file.type as AcceptedType] ?? ".bin"}`, evidenceBucket.openDownloadStream(file.gridFsId));
        progress.done++;
        await report("подтверждающие документы");
      });
    }
    await report("выданные документы", true);
    const documentsBucket = new mongoose.mongo.GridFSBucket(db, { bucketName: DOCUMENTS_BUCKET });
    for await (const doc of collectionOf("issuedDocuments").find({ ...filters.issuedDocuments, gridFsId: { $ne: null } }, { projection: { gridFsId: 1, code: 1 } }).sort({ _id: 1 })) {
      await step(async () => {
        await add(`issued/${doc.code}.pdf`, documentsBucket.openDownloadStream(doc.gridFsId));
        progress.done++;
        await report("выданные документы");
      });
    }
    const registers = async (files: Promise<RegisterFile[]>) => {
      for (const file of await files) await addBytes(file.path, file.bytes);
    };
    for (const schoolClass of classes) {
      await step(async () => {
        await report(`ведомости и достижения: ${className(schoolClass)}`, true);
        const facts = { schoolId, schoolName: school.name, year, schoolClass, at };
        await registers(classSummaryRegisters(facts));
        await registers(classAchievementsRegister(facts));
        progress.done++;
      });
    }
    await step(async () => {
      await report("решения о зачёте", true);
      await registers(creditDecisionsRegister({ schoolId, schoolName: school.name, year, at }));
      progress.done++;
    });

    const manifest: Manifest = {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      school: { id: String(schoolId), name: school.name },
      schoolYear: year.name,
      closedAt: at.toISOString(),
      exportedAt: new Date().toISOString(),
      exportedBy: input.exportedBy,
      collections: counts,
      retention: await getRetention(schoolId),
      entries,
      digest: crypto.createHash("sha256").update(digestLines(entries)).digest("hex"),
    };
    await zip.addEntry(MANIFEST_NAME, Readable.from([Buffer.from(JSON.stringify(manifest, null, 2) + "\n")]));
    await zip.finish();
    await sinkOutput?.end();
    await report("готово", true);
    return { manifest, sha256: resume ? null : whole.digest("hex"), size: zip.state().offset };
  } catch (error) {
    input.sink?.destroy();
    if (error instanceof ZipTooLarge) throw new ArchiveError(`${error.message}: такой архив в одном файле не сохраняется.`);
    throw error;
  }
}

function readme(school: School, year: AcademicYear) {
  return [
    `Архив учебного года ${year.name}. ${school.name}.`,
    "",
    `Формат ${ARCHIVE_FORMAT}, версия ${ARCHIVE_VERSION} (описание: docs/archive.md в поставке реестра).`,
    "",
    "manifest.json — состав архива: SHA-256 и размер каждого файла, число записей, сроки хранения с их источниками.",
    "data/*.ndjson — записи года, по одной на строку (MongoDB Extended JSON):",
    ...ARCHIVE_COLLECTION_NAMES.map((name) => `  data/${name}.ndjson — ${ARCHIVE_COLLECTIONS[name]}`),
    "files/ — подтверждающие документы (дипломы, грамоты, справки) под номерами из data/evidence.ndjson.",
    "issued/ — выданные семьям выписки и решения о зачёте (PDF) под кодами проверки.",
    "registers/ — сводные ведомости и списки достижений по классам, решения о зачёте (PDF и XLSX).",
    "",
    "Проверка: npm run archive:verify -- <файл>. Восстановление в пустую базу: npm run archive:restore -- <файл>.",
    "",
  ].join("\n");
}

/** The audit line of an export: what was archived, its checksums and the storage periods it was made under. */
export function exportSummary(result: { manifest: Manifest; sha256: string; size: number }) {
  const { manifest } = result;
  const periods = manifest.retention.map((r) => `${r.label.split(":")[0]} — ${r.years} лет после ${r.after} (${r.source})`).join("; ");
  return `Архив ${manifest.schoolYear}: ${manifest.entries.length + 1} файлов, ${result.size} байт, SHA-256 ${result.sha256}, сводная сумма ${manifest.digest}. Сроки хранения: ${periods}.`;
}
