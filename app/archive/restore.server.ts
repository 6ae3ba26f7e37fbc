// Restores a yearly archive: verified whole first (a bad archive writes nothing), then each
// collection in the manifest's order and the files into their GridFS buckets under their own ids.
// Into an empty database by default; with `merge`, into one that has data, adding only what is
// absent: a document whose id is there already, or which would clash with one there (the same
// login, the same class of the year), is left as it is and counted. Nothing live is overwritten.
// Writes are idempotent, so a restore cut off half-way is simply run again with `merge`.
import type { Readable } from "node:stream";
import readline from "node:readline";
import type { Types } from "mongoose";
import yauzl from "yauzl";
import { databaseHoldsData, fromArchiveLine, insertArchivedRecords, restoreStoredFile, type ArchivedRecord } from "~models/archive-collections.server";
import { EVIDENCE_BUCKET } from "~models/evidence.server";
import { DOCUMENTS_BUCKET } from "~models/document.server";
import { RefusedByRule } from "~/http/refusals";
import { ARCHIVE_COLLECTION_NAMES, type ArchiveCollection } from "./format";
import { verifyArchive } from "./verify.server";

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

export async function restoreArchive(file: string, options: { merge: boolean; onProgress?: (stage: string) => void }): Promise<RestoreResult> {
  options.onProgress?.("проверка архива");
  const verified = await verifyArchive(file);
  if (!verified.ok || !verified.manifest) throw new RefusedByRule(`Архив не прошёл проверку, в базу ничего не записано:\n${verified.problems.join("\n")}`);
  if (!options.merge && (await databaseHoldsData())) {
    throw new RefusedByRule("В базе уже есть данные: архив восстанавливается только в пустую базу. Чтобы добавить из архива лишь то, чего в базе нет, запустите с --merge (имеющиеся записи не меняются).");
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
      let batch: ArchivedRecord[] = [];
      for await (const line of lines) {
        if (!line.trim()) continue;
        const doc = fromArchiveLine(line);
        if (name === "users") Object.assign(doc, { passwordHash: NO_PASSWORD, active: false, mustChangePassword: true, sessionVersion: 0 });
        if (name === "evidence") evidenceFiles.set(String(doc._id), { gridFsId: doc.gridFsId as Types.ObjectId, name: String(doc.name), meta: { schoolId: doc.schoolId, studentId: doc.studentId, type: doc.type, sha256: doc.sha256 } });
        if (name === "issuedDocuments" && doc.gridFsId) {
          const facts = { gridFsId: doc.gridFsId as Types.ObjectId, name: String(doc.fileName), meta: { schoolId: doc.schoolId, sha256: doc.sha256 } };
          // By its id (the manifest's `record`) and, for archives named by code, by its code.
          issuedFiles.set(String(doc._id), facts).set(String(doc.code), facts);
        }
        batch.push(doc);
        if (batch.length >= BATCH) {
          await writeBatch(name, batch, count);
          batch = [];
        }
      }
      if (batch.length) await writeBatch(name, batch, count);
    }
    options.onProgress?.("файлы");
    for (const listed of manifest.entries) {
      const entry = entries.get(listed.path);
      // A stored document's file names its record; archives made before that are named by the record's id.
      const kind = listed.path.startsWith("files/") ? "files" : listed.path.startsWith("issued/") ? "issued" : null;
      const record = listed.record ?? /^(?:files|issued)\/([^/.]+)\.[a-z]+$/.exec(listed.path)?.[1];
      if (!entry || !kind || !record) continue;
      const facts = (kind === "files" ? evidenceFiles : issuedFiles).get(record);
      if (!facts) continue;
      const written = await restoreStoredFile({
        bucket: kind === "files" ? EVIDENCE_BUCKET : DOCUMENTS_BUCKET,
        fileId: facts.gridFsId,
        name: facts.name,
        metadata: facts.meta,
        open: () => openEntry(zip, entry),
      });
      count(written, "files", 1);
    }
  } finally {
    zip.close();
  }
  return result;
}

/** Inserts what is absent; what is there (or would clash with what is there) stays untouched. */
async function writeBatch(name: ArchiveCollection, docs: ArchivedRecord[], count: (bucket: "added" | "kept", name: ArchiveCollection, n: number) => void) {
  const { added, kept } = await insertArchivedRecords({ collection: name, docs });
  count("added", name, added);
  if (kept) count("kept", name, kept);
}
