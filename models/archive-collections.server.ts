// The yearly archive's collections and where each lives in the database (docs/archive.md). The
// export reads and the restore writes them through the driver, not mongoose, so a document goes
// out and comes back exactly as stored (no defaults added, no casting): as one line of canonical
// Extended JSON each. What belongs to a year is chosen here once (`selectYearRecords`), scoped to
// the school; app/archive/ keeps the format, the ZIP and the order of the work.
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import mongoose, { type Types } from "mongoose";
import { STAFF_ROLES } from "~models/vocabulary/roles";
import { AcademicYearModel, type AcademicYear } from "./academic-year.server";
import { AchievementModel } from "./achievement.server";
import { ExternalResultSetModel } from "./assessment.server";
import { AuditModel } from "./audit.server";
import { ClassModel } from "./class.server";
import { CreditApplicationModel, CreditRulesModel } from "./credit.server";
import { DOCUMENTS_BUCKET, documentsBucket, ExtractRequestModel, IssuedDocumentModel } from "./document.server";
import { EVIDENCE_BUCKET, evidenceBucket, EvidenceModel } from "./evidence.server";
import { GiftedListModel, GiftedRecordModel } from "./gifted.server";
import { ResultSetModel, ResultsImportModel, ResultsStateModel } from "./results.server";
import { SchoolModel } from "./school.server";
import { EnrolmentModel, StudentModel } from "./student.server";
import { SubjectModel } from "./subject.server";
import { SupportCaseModel } from "./support.server";
import { UserModel } from "./user.server";

/** Each collection of the archive by its name in the archive (`data/<name>.ndjson`), in the order of app/archive/format.ts. */
const MODELS = {
  schools: SchoolModel,
  academicYears: AcademicYearModel,
  subjects: SubjectModel,
  users: UserModel,
  classes: ClassModel,
  students: StudentModel,
  enrolments: EnrolmentModel,
  resultsImports: ResultsImportModel,
  resultSets: ResultSetModel,
  resultsState: ResultsStateModel,
  externalResults: ExternalResultSetModel,
  evidence: EvidenceModel,
  achievements: AchievementModel,
  supportCases: SupportCaseModel,
  giftedLists: GiftedListModel,
  giftedRecords: GiftedRecordModel,
  creditRules: CreditRulesModel,
  creditApplications: CreditApplicationModel,
  extractRequests: ExtractRequestModel,
  issuedDocuments: IssuedDocumentModel,
  auditLog: AuditModel,
} satisfies Record<string, { collection: { collectionName: string } }>;

export type ArchiveCollection = keyof typeof MODELS;

/** A document as the driver gives it: no schema, no casting. */
export type ArchivedRecord = Record<string, unknown>;

function collectionOf(name: ArchiveCollection) {
  const db = mongoose.connection.db;
  if (!db) throw new Error("database is not connected");
  return db.collection(MODELS[name].collection.collectionName);
}

const EJSON = mongoose.mongo.BSON.EJSON;

/** A document as one line of the archive: canonical Extended JSON, so ids, dates and number types survive. */
export const toArchiveLine = (doc: ArchivedRecord) => EJSON.stringify(doc, { relaxed: false });

/** A line of the archive back as the document it was. */
export const fromArchiveLine = (line: string) => EJSON.parse(line, { relaxed: false }) as ArchivedRecord;

const DAY_MS = 24 * 3600_000;

/** What goes into the archive of one school year of one school: a filter per collection. */
export interface YearSelection {
  schoolId: Types.ObjectId;
  filters: Record<ArchiveCollection, object>;
  /** Which result sets are in force, for the year's classes only (what the archive's `resultsState` holds). */
  activeOfYear: Record<string, Types.ObjectId>;
}

/** The records of a year, found from the year's classes and students. */
export async function selectYearRecords({ schoolId, year }: { schoolId: Types.ObjectId; year: Pick<AcademicYear, "_id" | "name" | "startDate" | "endDate"> }): Promise<YearSelection> {
  const enrolmentFilter = { schoolId, yearId: year._id };
  const studentIds = await collectionOf("enrolments").distinct("studentId", enrolmentFilter);
  const classIds = new Set((await collectionOf("classes").distinct("_id", enrolmentFilter)).map(String));
  const representativeIds = await collectionOf("students").distinct("representativeIds", { schoolId, _id: { $in: studentIds } });
  const state = await collectionOf("resultsState").findOne({ schoolId });
  const active = Object.entries((state?.active ?? {}) as Record<string, Types.ObjectId>).filter(([key]) => classIds.has(key.split(":")[0]));
  const setIds = active.map(([, id]) => id);
  // The school's own sets: their ids come from the school's resultsState.
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
  return { schoolId, filters, activeOfYear: Object.fromEntries(active) };
}

export async function countYearRecords({ selection, collection }: { selection: YearSelection; collection: ArchiveCollection }) {
  return collectionOf(collection).countDocuments(selection.filters[collection]);
}

const RECORDS_PER_BATCH = 200;

/** The year's records of one collection as stored, by `_id`. */
export function yearRecords({ selection, collection }: { selection: YearSelection; collection: ArchiveCollection }): AsyncIterable<ArchivedRecord> {
  // A few hundred at a time: the driver's default batches grow to 16 MB, as many records as the
  // school has (a school four times the size made the export's memory a fifth bigger).
  return collectionOf(collection).find(selection.filters[collection]).sort({ _id: 1 }).batchSize(RECORDS_PER_BATCH);
}

/** The year's issued documents whose PDF is kept. */
export async function countYearIssuedFiles({ selection }: { selection: YearSelection }) {
  return collectionOf("issuedDocuments").countDocuments({ ...selection.filters.issuedDocuments, gridFsId: { $ne: null } });
}

/**
 * What names the year's files in the archive: each confirming document's student, original name and
 * the record it confirms (an achievement's kind and date, or a credit application), and each issued
 * document's student, kind and date.
 */
export async function yearFileFacts({ selection }: { selection: YearSelection }) {
  const evidence = await collectionOf("evidence").find(selection.filters.evidence, { projection: { studentId: 1, name: 1, type: 1 } }).sort({ _id: 1 }).toArray();
  const uses = new Map<string, { kind: string; date: Date }>();
  for await (const a of collectionOf("achievements").find(selection.filters.achievements, { projection: { kind: 1, date: 1, "evidence.fileId": 1 } }).sort({ _id: 1 })) {
    for (const e of (a.evidence ?? []) as { fileId: unknown }[]) uses.set(String(e.fileId), { kind: String(a.kind), date: a.date as Date });
  }
  for await (const c of collectionOf("creditApplications").find(selection.filters.creditApplications, { projection: { appliedAt: 1, "evidence.fileId": 1 } }).sort({ _id: 1 })) {
    for (const e of (c.evidence ?? []) as { fileId: unknown }[]) if (!uses.has(String(e.fileId))) uses.set(String(e.fileId), { kind: "credit", date: c.appliedAt as Date });
  }
  const issued = await collectionOf("issuedDocuments")
    .find({ ...selection.filters.issuedDocuments, gridFsId: { $ne: null } }, { projection: { studentId: 1, kind: 1, issuedAt: 1, code: 1 } })
    .sort({ _id: 1 })
    .toArray();
  return {
    evidence: evidence.map((f) => ({ id: String(f._id), studentId: String(f.studentId), name: String(f.name ?? ""), type: String(f.type), use: uses.get(String(f._id)) ?? null })),
    issued: issued.map((d) => ({ id: String(d._id), studentId: String(d.studentId), kind: String(d.kind), issuedAt: d.issuedAt as Date, code: String(d.code) })),
  };
}

/** A stored file the store cannot give whole. `reason` names no store id (the archive page shows it); the message does, for the server's log. */
export class DamagedStoredFile extends Error {
  constructor(
    readonly fileId: string,
    readonly reason: string,
  ) {
    super(`файл ${fileId}: ${reason}`);
    this.name = "DamagedStoredFile";
  }
}

/** A few stored files read together: at most this many, of at most this many bytes (one bigger file alone). */
const FILES_TOGETHER = { count: 8, bytes: 4 * 1024 * 1024 };

/**
 * The bytes of some files of a GridFS bucket in two commands (their entries, their chunks in
 * order), not two per file: each file is checked whole as GridFS's own reader checks it — every
 * chunk there, in order, each of the entry's chunk size but the last, the length the entry gives.
 * A damaged file is given as its error, so that only its own reading fails, naming it.
 */
async function readStoredFiles(bucketName: string, ids: Types.ObjectId[]): Promise<Map<string, Buffer | DamagedStoredFile>> {
  const db = mongoose.connection.db;
  if (!db) throw new Error("database is not connected");
  const [entries, chunks] = await Promise.all([
    db.collection(`${bucketName}.files`).find({ _id: { $in: ids } }, { projection: { length: 1, chunkSize: 1 } }).toArray(),
    db.collection(`${bucketName}.chunks`).find({ files_id: { $in: ids } }, { projection: { files_id: 1, n: 1, data: 1 } }).sort({ files_id: 1, n: 1 }).toArray(),
  ]);
  const damaged = (id: string, what: string) => new DamagedStoredFile(id, `повреждён в хранилище: ${what}`);
  const partsOf = new Map<string, Uint8Array[] | DamagedStoredFile>();
  for (const chunk of chunks) {
    const id = String(chunk.files_id);
    const parts = partsOf.get(id) ?? [];
    if (parts instanceof DamagedStoredFile) continue;
    if (chunk.n !== parts.length) {
      partsOf.set(id, damaged(id, `на месте его части ${parts.length} — часть ${String(chunk.n)}`));
      continue;
    }
    // BSON Binary, or the bytes themselves where the driver is told to give them so.
    const data = chunk.data as Uint8Array | { buffer: Uint8Array };
    parts.push(data instanceof Uint8Array ? data : data.buffer);
    partsOf.set(id, parts);
  }
  const files = new Map<string, Buffer | DamagedStoredFile>();
  for (const entry of entries) {
    const id = String(entry._id);
    const parts = partsOf.get(id) ?? [];
    if (parts instanceof DamagedStoredFile) {
      files.set(id, parts);
      continue;
    }
    const length = Number(entry.length);
    const chunkSize = Number(entry.chunkSize);
    const expected = Math.ceil(length / chunkSize);
    const wrongSize = parts.findIndex((part, n) => part.byteLength !== (n < expected - 1 ? chunkSize : length - chunkSize * n));
    if (parts.length !== expected) files.set(id, damaged(id, `частей ${parts.length} из ${expected}`));
    else if (wrongSize >= 0) files.set(id, damaged(id, `часть ${wrongSize} не того размера`));
    else files.set(id, Buffer.concat(parts));
  }
  return files;
}

/**
 * The stored files of `records`, in their order, each with a reader of its bytes (to be read in
 * that order): a few are read together (FILES_TOGETHER) when the first of them is asked for, from
 * that one on, and each file's bytes are let go once handed out. So at most one group's bytes
 * (4 MB, or one bigger file) are held beyond what the reader keeps of them.
 */
export async function* storedFiles<R extends { gridFsId: Types.ObjectId; size: number }, F>(
  bucketName: string,
  records: AsyncIterable<R>,
  fileOf: (record: R) => F,
): AsyncGenerator<F & { read: () => Promise<Buffer> }> {
  let batch: R[] = [];
  let bytes = 0;
  const flush = function* () {
    const together = batch;
    let group: { from: number; files: Promise<(Buffer | DamagedStoredFile | undefined)[]> } | null = null;
    for (const [i, record] of together.entries()) {
      yield {
        ...fileOf(record),
        read: async () => {
          if (!group) {
            const wanted = together.slice(i);
            group = { from: i, files: readStoredFiles(bucketName, wanted.map((r) => r.gridFsId)).then((found) => wanted.map((r) => found.get(String(r.gridFsId)))) };
          }
          const files = await group.files;
          const file = files[i - group.from];
          files[i - group.from] = undefined;
          if (!file) throw new DamagedStoredFile(String(record.gridFsId), "отсутствует в хранилище");
          if (file instanceof DamagedStoredFile) throw file;
          return file;
        },
      };
    }
    batch = [];
    bytes = 0;
  };
  for await (const record of records) {
    if (batch.length > 0 && (batch.length >= FILES_TOGETHER.count || bytes + record.size > FILES_TOGETHER.bytes)) yield* flush();
    batch.push(record);
    bytes += record.size;
  }
  yield* flush();
}

/** The year's confirming documents, by `_id`, each with a reader of its bytes. */
export function yearEvidenceFiles({ selection }: { selection: YearSelection }) {
  const records = collectionOf("evidence").find(selection.filters.evidence, { projection: { gridFsId: 1, type: 1, size: 1 } }).sort({ _id: 1 });
  return storedFiles(EVIDENCE_BUCKET, records.map((f) => ({ _id: f._id, gridFsId: f.gridFsId as Types.ObjectId, type: String(f.type), size: Number(f.size ?? 0) })), (f) => ({ id: String(f._id), type: f.type, size: f.size }));
}

/** The year's issued documents whose PDF is kept, by `_id`, each with a reader of its bytes. */
export function yearIssuedFiles({ selection }: { selection: YearSelection }) {
  const records = collectionOf("issuedDocuments").find({ ...selection.filters.issuedDocuments, gridFsId: { $ne: null } }, { projection: { gridFsId: 1, code: 1, size: 1 } }).sort({ _id: 1 });
  return storedFiles(DOCUMENTS_BUCKET, records.map((d) => ({ _id: d._id, gridFsId: d.gridFsId as Types.ObjectId, code: String(d.code), size: Number(d.size ?? 0) })), (d) => ({ id: String(d._id), code: d.code, size: d.size }));
}

/** Is there anything of a school in this database? */
export async function databaseHoldsData() {
  return (await collectionOf("schools").estimatedDocumentCount()) > 0 || (await collectionOf("users").estimatedDocumentCount()) > 0;
}

/**
 * Writes archived records of one collection, adding only what is absent: what is there (or would
 * clash with what is there) stays untouched and is counted as kept. Each record carries its own
 * school, as archived.
 */
export async function insertArchivedRecords({ collection: name, docs }: { collection: ArchiveCollection; docs: ArchivedRecord[] }): Promise<{ added: number; kept: number }> {
  const collection = collectionOf(name);
  if (name === "resultsState") {
    // One document per school: the year's entries join those already in force, never replacing one.
    const counts = { added: 0, kept: 0 };
    for (const doc of docs) {
      await collection.updateOne({ schoolId: doc.schoolId }, { $setOnInsert: { _id: doc._id, schoolId: doc.schoolId, active: {} } }, { upsert: true });
      for (const [key, setId] of Object.entries(doc.active as Record<string, unknown>)) {
        const written = await collection.updateOne({ schoolId: doc.schoolId, [`active.${key}`]: { $exists: false } }, { $set: { [`active.${key}`]: setId } });
        counts[written.modifiedCount ? "added" : "kept"]++;
      }
    }
    return counts;
  }
  // Inserted as they are (an upsert would reorder the fields); one already there, by its id or by a
  // unique rule (another document holds that login, that class of the year), is refused alone and kept.
  try {
    const written = await collection.insertMany(docs, { ordered: false });
    return { added: written.insertedCount, kept: 0 };
  } catch (error) {
    const bulk = error as { writeErrors?: { code?: number }[] | { code?: number } };
    const errors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : bulk.writeErrors ? [bulk.writeErrors] : [];
    if (!errors.length || errors.some((e) => e.code !== 11000)) throw error;
    return { added: docs.length - errors.length, kept: errors.length };
  }
}

/**
 * Puts an archived file back into its GridFS bucket under its own id, unless a file with that id
 * is there already (then `open` is not called).
 */
export async function restoreStoredFile(input: {
  bucket: typeof EVIDENCE_BUCKET | typeof DOCUMENTS_BUCKET;
  fileId: Types.ObjectId;
  name: string;
  metadata: object;
  open: () => Promise<Readable>;
}): Promise<"added" | "kept"> {
  const db = mongoose.connection.db;
  if (!db) throw new Error("database is not connected");
  if (await db.collection(`${input.bucket}.files`).findOne({ _id: input.fileId }, { projection: { _id: 1 } })) return "kept";
  const bucket = input.bucket === EVIDENCE_BUCKET ? evidenceBucket() : documentsBucket();
  await pipeline(await input.open(), bucket.openUploadStreamWithId(input.fileId, input.name, { metadata: input.metadata }));
  return "added";
}
