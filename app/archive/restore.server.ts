// Restores a yearly archive: verified whole first (a bad archive writes nothing), then each
// collection in the manifest's order and the files into their GridFS buckets under their own ids.
// Into an empty database by default; with `merge`, into one that has data, adding only what is
// absent: a document whose id is there already, or which would clash with one there (the same
// login, the same class of the year), is left as it is and counted. Nothing live is overwritten.
// Writes are idempotent, so a restore cut off half-way is simply run again with `merge`.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import readline from "node:readline";
import mongoose, { type Types } from "mongoose";
import yauzl from "yauzl";
import { EVIDENCE_BUCKET } from "~models/evidence.server";
import { DOCUMENTS_BUCKET } from "~models/document.server";
import { ArchiveError } from "./export.server";
import { collectionOf } from "./collections.server";
import { ARCHIVE_COLLECTION_NAMES, type ArchiveCollection } from "./format";
import { verifyArchive } from "./verify.server";

const EJSON = mongoose.mongo.BSON.EJSON;
const BATCH = 500;
/** Restored accounts cannot sign in until the school sets their passwords: archives keep no password. */
const NO_PASSWORD = "!восстановлено-из-архива";

export interface RestoreResult {
  schoolYear: string;
  added: Partial<Record<ArchiveCollection | "files", number>>;
  kept: Partial<Record<ArchiveCollection | "files", number>>;
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (e, s) => (e ? reject(e) : resolve(s!))));
}

function entriesOf(path: string): Promise<{ zip: yauzl.ZipFile; entries: Map<string, yauzl.Entry> }> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries = new Map<string, yauzl.Entry>();
      zip.on("entry", (entry: yauzl.Entry) => {
        entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.on("end", () => resolve({ zip, entries }));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

/** Is there anything of a school in this database? */
export async function databaseHoldsData() {
  return (await collectionOf("schools").estimatedDocumentCount()) > 0 || (await collectionOf("users").estimatedDocumentCount()) > 0;
}

export async function restoreArchive(file: string, options: { merge: boolean; onProgress?: (stage: string) => void }): Promise<RestoreResult> {
  options.onProgress?.("проверка архива");
  const verified = await verifyArchive(file);
  if (!verified.ok || !verified.manifest) throw new ArchiveError(`Архив не прошёл проверку, в базу ничего не записано:\n${verified.problems.join("\n")}`);
  if (!options.merge && (await databaseHoldsData())) {
    throw new ArchiveError("В базе уже есть данные: архив восстанавливается только в пустую базу. Чтобы добавить из архива лишь то, чего в базе нет, запустите с --merge (имеющиеся записи не меняются).");
  }
  const manifest = verified.manifest;
  const result: RestoreResult = { schoolYear: manifest.schoolYear, added: {}, kept: {} };
  const count = (bucket: "added" | "kept", name: ArchiveCollection | "files", n: number) => (result[bucket][name] = (result[bucket][name] ?? 0) + n);
  const { zip, entries } = await entriesOf(file);
  const evidenceFiles = new Map<string, { gridFsId: Types.ObjectId; name: string; meta: object }>();
  const issuedFiles = new Map<string, { gridFsId: Types.ObjectId; name: string; meta: object }>();
  try {
    for (const name of ARCHIVE_COLLECTION_NAMES) {
      options.onProgress?.(`записи: ${name}`);
      const entry = entries.get(`data/${name}.ndjson`);
      if (!entry) continue;
      const lines = readline.createInterface({ input: await openEntry(zip, entry), crlfDelay: Infinity });
      let batch: Record<string, unknown>[] = [];
      for await (const line of lines) {
        if (!line.trim()) continue;
        const doc = EJSON.parse(line, { relaxed: false }) as Record<string, unknown>;
        if (name === "users") Object.assign(doc, { passwordHash: NO_PASSWORD, active: false, mustChangePassword: true, sessionVersion: 0 });
        if (name === "evidence") evidenceFiles.set(String(doc._id), { gridFsId: doc.gridFsId as Types.ObjectId, name: String(doc.name), meta: { schoolId: doc.schoolId, studentId: doc.studentId, type: doc.type, sha256: doc.sha256 } });
        if (name === "issuedDocuments" && doc.gridFsId) issuedFiles.set(String(doc.code), { gridFsId: doc.gridFsId as Types.ObjectId, name: String(doc.fileName), meta: { schoolId: doc.schoolId, sha256: doc.sha256 } });
        batch.push(doc);
        if (batch.length >= BATCH) {
          await writeBatch(name, batch, count);
          batch = [];
        }
      }
      if (batch.length) await writeBatch(name, batch, count);
    }
    const db = mongoose.connection.db!;
    const buckets = { files: new mongoose.mongo.GridFSBucket(db, { bucketName: EVIDENCE_BUCKET }), issued: new mongoose.mongo.GridFSBucket(db, { bucketName: DOCUMENTS_BUCKET }) };
    options.onProgress?.("файлы");
    for (const [path, entry] of entries) {
      const match = /^(files|issued)\/([^/.]+)\.[a-z]+$/.exec(path);
      if (!match) continue;
      const kind = match[1] as "files" | "issued";
      const facts = (kind === "files" ? evidenceFiles : issuedFiles).get(match[2]);
      if (!facts) continue;
      if (await db.collection(`${kind === "files" ? EVIDENCE_BUCKET : DOCUMENTS_BUCKET}.files`).findOne({ _id: facts.gridFsId }, { projection: { _id: 1 } })) {
        count("kept", "files", 1);
        continue;
      }
      await pipeline(await openEntry(zip, entry), buckets[kind].openUploadStreamWithId(facts.gridFsId, facts.name, { metadata: facts.meta }));
      count("added", "files", 1);
    }
  } finally {
    zip.close();
  }
  return result;
}

/** Inserts what is absent; what is there (or would clash with what is there) stays untouched. */
async function writeBatch(name: ArchiveCollection, docs: Record<string, unknown>[], count: (bucket: "added" | "kept", name: ArchiveCollection, n: number) => void) {
  const collection = collectionOf(name);
  if (name === "resultsState") {
    // One document per school: the year's entries join those already in force, never replacing one.
    for (const doc of docs) {
      await collection.updateOne({ schoolId: doc.schoolId }, { $setOnInsert: { _id: doc._id, schoolId: doc.schoolId, active: {} } }, { upsert: true });
      for (const [key, setId] of Object.entries(doc.active as Record<string, unknown>)) {
        const written = await collection.updateOne({ schoolId: doc.schoolId, [`active.${key}`]: { $exists: false } }, { $set: { [`active.${key}`]: setId } });
        count(written.modifiedCount ? "added" : "kept", name, 1);
      }
    }
    return;
  }
  // Inserted as they are (an upsert would reorder the fields); one already there, by its id or by a
  // unique rule (another document holds that login, that class of the year), is refused alone and kept.
  try {
    const written = await collection.insertMany(docs, { ordered: false });
    count("added", name, written.insertedCount);
  } catch (error) {
    const bulk = error as { writeErrors?: { code?: number }[] | { code?: number }; insertedCount?: number; result?: { insertedCount?: number } };
    const errors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : bulk.writeErrors ? [bulk.writeErrors] : [];
    if (!errors.length || errors.some((e) => e.code !== 11000)) throw error;
    count("added", name, docs.length - errors.length);
    count("kept", name, errors.length);
  }
}
