// The yearly archive (seed 004 §7): one closed school year of one school as a ZIP — every record
// of the year as NDJSON, every confirming document and issued PDF, the human-readable registers,
// and a manifest with the SHA-256 of each entry and of them all (docs/archive.md). Streamed end to
// end: a cursor feeds each data file, a GridFS stream each document, and the ZIP goes to the sink
// as it is made, so memory does not grow with the school. A cut-off export goes on from its last
// checkpoint (zip-stream.server.ts). Nothing here depends on the time of the
// export except the manifest's `exportedAt`: the same data gives the same entries.
import { pluralRu, todayIso } from "~/domain/format";
import { DOCUMENT_KINDS, type DocumentKind } from "~models/document.server";
import { fullName, listEnrolmentsOfStudents, listStudentNames } from "~models/student.server";
import { KINDS, type Kind } from "~models/vocabulary/achievement-kinds";
import crypto from "node:crypto";
import { Readable, Transform, type Writable } from "node:stream";
import { finished } from "node:stream/promises";
import type { Types } from "mongoose";
import { getYearByName, type AcademicYear } from "~models/academic-year.server";
import {
  countYearIssuedFiles,
  countYearRecords,
  DamagedStoredFile,
  selectYearRecords,
  toArchiveLine,
  yearEvidenceFiles,
  yearFileFacts,
  yearIssuedFiles,
  yearRecords,
  type ArchivedRecord,
} from "~models/archive-collections.server";
import { className, findClasses, type SchoolClass } from "~models/class.server";
import { getRetention, getSchool, type School } from "~models/school.server";
import { EXTENSION_OF, type AcceptedType } from "~storage/limits";
import { Conflict, NotFound, RefusedByRule } from "~/http/refusals";
import { ARCHIVE_COLLECTIONS, ARCHIVE_COLLECTION_NAMES, ARCHIVE_FORMAT, ARCHIVE_VERSION, digestLines, MANIFEST_NAME, type ArchiveCollection, type Manifest } from "./format";
import { schoolSignature } from "~/signature/school-certificate.server";
import { classRegisters, creditDecisionsRegister, type RegisterFacts, type RegisterFile } from "./registers.server";
import { summarySchoolFacts } from "~/results/summary.server";
import { ZipStream, type ZipState } from "./zip-stream.server";
import { prepareAhead, type Ahead } from "./read-ahead.server";

/**
 * An export stopped for a reason the archive page may show as it is (a damaged document named by
 * its place in the archive, a sink that closed); the underlying error, for the server's log, is its cause.
 */
export class ArchiveStopped extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ArchiveStopped";
  }
}

export interface ArchiveProgress {
  stage: string;
  done: number;
  total: number;
}

/** The closed year of the school by its name («2025/2026»), or a refusal saying why not. */
export async function closedYear(schoolId: Types.ObjectId, schoolYear: string) {
  const year = await getYearByName({ schoolId, name: schoolYear });
  if (!year) throw new NotFound(`Учебного года ${schoolYear} в базе нет.`);
  if (!year.closedAt) throw new RefusedByRule(`Учебный год ${schoolYear} ещё не закрыт: архив делается после закрытия года (Администрирование → Учебный год), когда его записи больше не меняются.`);
  return year;
}

/** A document as it is written: secrets and the state of a live account are not part of the record. */
function archived(name: ArchiveCollection, doc: ArchivedRecord, activeOfYear: Record<string, Types.ObjectId>) {
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
async function* ndjson(cursor: AsyncIterable<ArchivedRecord>, each: (doc: ArchivedRecord) => ArchivedRecord, counted: () => void) {
  let batch = "";
  for await (const doc of cursor) {
    batch += toArchiveLine(each(doc)) + "\n";
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

/**
 * How far ahead documents are read: up to 8 files, 16 MB with the one being written (a scan alone
 * may be 15 MB); the store hands them over a few at a time (at most 4 MB more, or one bigger file).
 */
const FILES_AHEAD = { depth: 8, weight: (file: { size: number }) => file.size, budget: 16 * 1024 * 1024 };

/** Files compressed by their own format: stored in the ZIP as they are. */
const ALREADY_COMPRESSED = /\.(jpe?g|png|webp|pdf|xlsx|zip)$/i;

/** A part of a path inside the archive: no separators or characters a file system refuses, not too long. */
const pathPart = (text: string) => Array.from(text.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "_").replace(/\s+/g, " ").trim()).slice(0, 80).join("").trim() || "_";

/**
 * Readable, unique paths of the year's files, by record id, fixed before the first entry (a resumed
 * run names them the same): «files/5А/Иванов Иван Иванович/2026-03-05 Олимпиада — диплом.jpg»,
 * «issued/5А/Иванов Иван Иванович/2026-05-20 выписка из портфолио K7M2-QX.pdf».
 */
async function archivePaths(schoolId: Types.ObjectId, yearId: Types.ObjectId, selection: Awaited<ReturnType<typeof selectYearRecords>>, classes: SchoolClass[]) {
  const facts = await yearFileFacts({ selection });
  const studentIds = [...new Set([...facts.evidence, ...facts.issued].map((f) => f.studentId))];
  const [students, enrolments] = await Promise.all([listStudentNames({ schoolId, studentIds }), listEnrolmentsOfStudents({ schoolId, studentIds })]);
  const nameOf = new Map(students.map((s) => [String(s._id), fullName(s)]));
  const classNameOf = new Map(classes.map((c) => [String(c._id), className(c)]));
  // The class of the year the student was in last (a move during the year: the later class).
  const classOf = new Map(
    enrolments
      .filter((e) => String(e.yearId) === String(yearId))
      .sort((a, b) => (a.from?.getTime() ?? 0) - (b.from?.getTime() ?? 0))
      .map((e) => [String(e.studentId), classNameOf.get(String(e.classId)) ?? ""]),
  );
  const folder = (studentId: string) => `${pathPart(classOf.get(studentId) || "без класса")}/${pathPart(nameOf.get(studentId) ?? "обучающийся")}`;
  const taken = new Set<string>();
  const unique = (stem: string, extension: string) => {
    let path = `${stem}${extension}`;
    for (let n = 2; taken.has(path.toLowerCase()); n++) path = `${stem} (${n})${extension}`;
    taken.add(path.toLowerCase());
    return path;
  };
  const evidence = new Map<string, string>();
  for (const f of facts.evidence) {
    // An achievement's date is a calendar day; a credit application's is the moment it was made (the school's day).
    const what = f.use ? `${f.use.kind === "credit" ? todayIso(f.use.date) : f.use.date.toISOString().slice(0, 10)} ${f.use.kind === "credit" ? "Зачёт результатов" : (KINDS[f.use.kind as Kind]?.label ?? "Достижение")}` : "Документ";
    const original = pathPart(f.name.replace(/\.[^.]*$/, ""));
    evidence.set(f.id, unique(`files/${folder(f.studentId)}/${pathPart(`${what} — ${original}`)}`, EXTENSION_OF[f.type as AcceptedType] ?? ".bin"));
  }
  const issued = new Map<string, string>();
  for (const d of facts.issued) {
    issued.set(d.id, unique(`issued/${folder(d.studentId)}/${pathPart(`${todayIso(d.issuedAt)} ${DOCUMENT_KINDS[d.kind as DocumentKind] ?? "документ"} ${d.code}`)}`, ".pdf"));
  }
  return { evidence, issued };
}

/** A Writable as an output: waits when it is full, fails when it fails (at any moment, not only while written to). */
function writableOutput(sink: Writable): ArchiveOutput & { end(): Promise<void> } {
  let failure: Error | null = null;
  sink.on("error", (error: Error) => void (failure ??= error));
  return {
    async write(bytes) {
      if (failure) throw failure;
      if (sink.destroyed) throw new ArchiveStopped("Запись архива прервана.");
      if (!sink.write(bytes)) {
        // Full: until it drains, fails, or is closed (destroyed from outside).
        await new Promise<void>((resolve) => {
          const done = () => {
            sink.off("drain", done).off("close", done).off("error", done);
            resolve();
          };
          sink.on("drain", done).on("close", done).on("error", done);
        });
      }
      if (failure) throw failure;
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
  const school = await getSchool(schoolId);
  if (!school) throw new NotFound("Школы нет в базе.");
  const year = await closedYear(schoolId, input.schoolYear);
  const at = year.closedAt!;
  const signature = await schoolSignature(schoolId);
  const selection = await selectYearRecords({ schoolId, year });
  const classes = await findClasses({ schoolId, yearId: year._id });
  const counts = Object.fromEntries(
    await Promise.all(ARCHIVE_COLLECTION_NAMES.map(async (name) => [name, await countYearRecords({ selection, collection: name })] as const)),
  ) as Record<ArchiveCollection, number>;
  const issuedWithBytes = await countYearIssuedFiles({ selection });
  const paths = await archivePaths(schoolId, year._id, selection, classes);
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
      // Stopped from outside: another process took the job over (app/archive/jobs.server.ts).
      if (input.signal?.aborted) throw new Conflict("Выгрузка остановлена.");
      whole.update(bytes);
      await output.write(bytes);
    },
    at,
    resume?.zip,
  );
  const entries: Manifest["entries"] = [...(resume?.entries ?? [])];
  /** One entry, deflated as it streams in. */
  const add = async (path: string, source: Readable) => {
    const tap = hashingTap();
    const through = source.pipe(tap.stream);
    source.once("error", (error) => through.destroy(error));
    await zip.addEntry(path, through);
    entries.push({ path, ...tap.result() });
  };
  /** One entry from bytes at hand; `record` is the id of the document a file holds (restore finds it by it). */
  const addBytes = async (path: string, bytes: Uint8Array, record?: string) => {
    // A view of the bytes, not a copy: a scan read ahead may be 15 MB.
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (ALREADY_COMPRESSED.test(path)) await zip.addStored(path, view);
    else await zip.addEntry(path, Readable.from([view]));
    entries.push({ path, size: view.length, sha256: crypto.createHash("sha256").update(view).digest("hex"), ...(record ? { record } : {}) });
  };
  const addFiles = async (files: RegisterFile[]) => {
    for (const file of files) await addBytes(file.path, file.bytes);
  };

  // The export is a list of steps, an entry or a few each; a resumed run passes over those done.
  let steps = 0;
  let checkpointAt = Date.now();
  const passedOver = (stepNumber: number) => stepNumber < (resume?.steps ?? 0);
  const step = async (work: () => Promise<void>) => {
    if (passedOver(steps)) {
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
  // A step per item, each one's entries made ahead (the next files read, the next registers drawn)
  // while the one before goes into the ZIP; nothing is made for the steps a resumed run passes over.
  const stepsAhead = async <T, P>(items: AsyncIterable<T> | Iterable<T>, ahead: Ahead<T>, make: (item: T) => Promise<P>, work: (item: T, made: P) => Promise<void>) => {
    const first = steps;
    for await (const { item, prepared } of prepareAhead(items, ahead, (item, i) => (passedOver(first + i) ? null : make(item)))) {
      await step(async () => work(item, await prepared!));
    }
  };

  try {
    await step(() => add("README.txt", Readable.from([readme(school, year)])));
    for (const name of ARCHIVE_COLLECTION_NAMES) {
      await step(async () => {
        await report(`записи: ${ARCHIVE_COLLECTIONS[name]}`, true);
        const cursor = yearRecords({ selection, collection: name });
        await add(`data/${name}.ndjson`, Readable.from(ndjson(cursor, (doc) => archived(name, doc, selection.activeOfYear), () => void progress.done++)));
        await report(`записи: ${ARCHIVE_COLLECTIONS[name]}`);
      });
    }
    const documents = async <F extends { id: string; size: number; read: () => Promise<Buffer> }>(stage: string, files: AsyncIterable<F>, pathOf: (file: F) => string) => {
      await report(stage, true);
      // A file the store cannot give whole is named by its place in the archive (class, student, date).
      // The store's id stays in the cause (the server's log), off the archive page.
      const read = (file: F) =>
        file.read().catch((error: unknown) => Promise.reject(new ArchiveStopped(`Документ «${pathOf(file)}» ${error instanceof DamagedStoredFile ? error.reason : "не читается"}`, { cause: error })));
      await stepsAhead(files, FILES_AHEAD, read, async (file, bytes) => {
        await addBytes(pathOf(file), bytes, file.id);
        progress.done++;
        await report(stage);
      });
    };
    await documents("подтверждающие документы", yearEvidenceFiles({ selection }), (file) => paths.evidence.get(file.id) ?? `files/${file.id}${EXTENSION_OF[file.type as AcceptedType] ?? ".bin"}`);
    await documents("выданные документы", yearIssuedFiles({ selection }), (doc) => paths.issued.get(doc.id) ?? `issued/${doc.code}.pdf`);
    // The year is closed: what the registers need of the school is read once for all of them.
    const registerFacts: RegisterFacts = { schoolId, schoolName: school.name, year, at, signature, summaryFacts: await summarySchoolFacts(schoolId) };
    const registersOf = (schoolClass: SchoolClass) => classRegisters({ ...registerFacts, schoolClass });
    await stepsAhead(classes, { depth: 2 }, registersOf, async (schoolClass, files) => {
      await report(`ведомости и достижения: ${className(schoolClass)}`, true);
      await addFiles(files);
      progress.done++;
    });
    await step(async () => {
      await report("решения о зачёте", true);
      await addFiles(await creditDecisionsRegister(registerFacts));
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
    "files/ — подтверждающие документы (дипломы, грамоты, справки): папка класса, папка обучающегося, файл «дата вид — имя файла»; каждый файл связан со своей записью data/evidence.ndjson в manifest.json (поле record).",
    "issued/ — выданные семьям выписки, портфолио, справки и решения о зачёте (PDF): папка класса, папка обучающегося, файл «дата вид код проверки».",
    "registers/ — сводные ведомости и списки достижений по классам, решения о зачёте (PDF и XLSX).",
    "",
    "Проверка: npm run archive:verify -- <файл>. Восстановление в пустую базу: npm run archive:restore -- <файл>.",
    "",
  ].join("\n");
}

/** The audit line of an export: what was archived, its checksums and the storage periods it was made under. */
export function exportSummary(result: { manifest: Manifest; sha256: string; size: number }) {
  const { manifest } = result;
  const periods = manifest.retention.map((r) => `${r.label.split(":")[0]} — ${pluralRu(r.years, ["год", "года", "лет"])} после ${r.after} (${r.source})`).join("; ");
  return `Архив ${manifest.schoolYear}: ${manifest.entries.length + 1} файлов, ${result.size} байт, SHA-256 ${result.sha256}, сводная сумма ${manifest.digest}. Сроки хранения: ${periods}.`;
}
