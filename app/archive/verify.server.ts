// Checks a yearly archive without trusting it: the ZIP's structure, every entry's name (nothing
// that climbs out of a folder), sizes against the manifest before anything is inflated (a ZIP
// bomb is refused unread), the format and version, and the SHA-256 of every entry and of them
// all. Each problem is one Russian line naming the entry.
import crypto from "node:crypto";
import type { Readable } from "node:stream";
import yauzl from "yauzl";
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, digestLines, isSafeEntryPath, MANIFEST_NAME, ManifestSchema, type Manifest } from "./format";

export interface VerifyResult {
  ok: boolean;
  problems: string[];
  manifest: Manifest | null;
  /** Entries whose checksum was compared and matched. */
  checked: number;
}

/** Where the archive's bytes come from: a file on disk, or any store that reads a range (GridFS). */
export type ArchiveSource = string | { size: number; read(start: number, end: number): Readable };

const LIMITS = {
  entries: 500_000,
  manifestBytes: 64 * 1024 * 1024,
  entryBytes: 4 * 1024 ** 3,
  /** Inflating beyond this many times the stored size, for an entry over 1 MB, is a bomb's mark. */
  ratio: 1000,
};

class RangeReader extends yauzl.RandomAccessReader {
  constructor(private readonly source: Exclude<ArchiveSource, string>) {
    super();
  }
  _readStreamForRange(start: number, end: number) {
    return this.source.read(start, end);
  }
}

function openZip(source: ArchiveSource): Promise<yauzl.ZipFile> {
  const options = { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false };
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, zip?: yauzl.ZipFile) => (error ? reject(error) : resolve(zip!));
    if (typeof source === "string") yauzl.open(source, options, done);
    else yauzl.fromRandomAccessReader(new RangeReader(source), source.size, options, done);
  });
}

interface ZipEntryFacts {
  name: string;
  entry: yauzl.Entry;
}

function listEntries(zip: yauzl.ZipFile): Promise<ZipEntryFacts[] | string> {
  return new Promise((resolve) => {
    const found: ZipEntryFacts[] = [];
    zip.on("entry", (entry: yauzl.Entry) => {
      // Names are decoded here so that a bad one is named in the report instead of stopping the reader.
      const raw = entry.fileName as unknown as Buffer;
      const name = (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString("utf8") : raw.toString("latin1");
      found.push({ name, entry });
      if (found.length > LIMITS.entries) return resolve(`в архиве больше ${LIMITS.entries} файлов: это не архив реестра`);
      zip.readEntry();
    });
    zip.on("end", () => resolve(found));
    zip.on("error", (error: Error) => resolve(`архив повреждён: ${error.message}`));
    zip.readEntry();
  });
}

/** Reads an entry through, hashing; `limit` stops a stream that gives more than it should. */
function hashEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, limit: number, keep = false): Promise<{ sha256: string; size: number; bytes?: Buffer } | { error: string }> {
  return new Promise((resolve) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return resolve({ error: error?.message ?? "не читается" });
      const hash = crypto.createHash("sha256");
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          stream.destroy();
          return resolve({ error: "распаковывается больше заявленного" });
        }
        hash.update(chunk);
        if (keep) chunks.push(chunk);
      });
      stream.on("error", (e: Error) => resolve({ error: e.message }));
      stream.on("end", () => resolve({ sha256: hash.digest("hex"), size, bytes: keep ? Buffer.concat(chunks) : undefined }));
    });
  });
}

const bombLike = (entry: yauzl.Entry) => entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize > LIMITS.ratio * Math.max(1, entry.compressedSize);

export async function verifyArchive(source: ArchiveSource, onProgress?: (checked: number, total: number) => void): Promise<VerifyResult> {
  const problems: string[] = [];
  const fail = (problem: string, manifest: Manifest | null = null): VerifyResult => ({ ok: false, problems: [...problems, problem], manifest, checked: 0 });
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(source);
  } catch (error) {
    return fail(`файл не является целым ZIP-архивом (обрезан или повреждён): ${(error as Error).message}`);
  }
  try {
    const listed = await listEntries(zip);
    if (typeof listed === "string") return fail(listed);
    const byName = new Map<string, yauzl.Entry>();
    for (const { name, entry } of listed) {
      if (!isSafeEntryPath(name)) problems.push(`недопустимый путь «${name}»: он выходит за пределы папки архива или не является путём к файлу`);
      else if (byName.has(name)) problems.push(`файл «${name}» записан в архив дважды`);
      else if (entry.uncompressedSize > LIMITS.entryBytes || bombLike(entry)) problems.push(`«${name}»: распаковывается в ${entry.uncompressedSize} байт из ${entry.compressedSize} — похоже на ZIP-бомбу, не распаковывается`);
      byName.set(name, entry);
    }
    // A bad name or a bomb refuses the archive before anything is inflated.
    if (problems.length) return { ok: false, problems, manifest: null, checked: 0 };

    const manifestEntry = byName.get(MANIFEST_NAME);
    if (!manifestEntry) return fail(`в архиве нет ${MANIFEST_NAME}: это не архив реестра`);
    if (manifestEntry.uncompressedSize > LIMITS.manifestBytes) return fail(`${MANIFEST_NAME} слишком велик`);
    const read = await hashEntry(zip, manifestEntry, LIMITS.manifestBytes, true);
    if ("error" in read) return fail(`${MANIFEST_NAME} не читается: ${read.error}`);
    let raw: unknown;
    try {
      raw = JSON.parse(read.bytes!.toString("utf8"));
    } catch {
      return fail(`${MANIFEST_NAME} — не JSON`);
    }
    const head = raw as { format?: unknown; version?: unknown };
    if (head?.format !== ARCHIVE_FORMAT) return fail(`${MANIFEST_NAME}: формат «${String(head?.format)}» — это не архив реестра`);
    if (head.version !== ARCHIVE_VERSION) return fail(`${MANIFEST_NAME}: версия формата ${String(head.version)} не поддерживается (эта версия реестра читает версию ${ARCHIVE_VERSION})`);
    const parsed = ManifestSchema.safeParse(raw);
    if (!parsed.success) return fail(`${MANIFEST_NAME} не по формату: ${parsed.error.issues[0].path.join(".")} — ${parsed.error.issues[0].message}`);
    const manifest = parsed.data;

    const expected = crypto.createHash("sha256").update(digestLines(manifest.entries)).digest("hex");
    if (expected !== manifest.digest) problems.push(`${MANIFEST_NAME}: сводная контрольная сумма не совпадает со списком файлов (манифест изменён)`);
    const listedInManifest = new Set(manifest.entries.map((e) => e.path));
    for (const name of byName.keys()) if (name !== MANIFEST_NAME && !listedInManifest.has(name)) problems.push(`лишний файл «${name}»: его нет в манифесте`);
    for (const e of manifest.entries) {
      const entry = byName.get(e.path);
      if (!entry) problems.push(`нет файла «${e.path}», указанного в манифесте`);
      else if (entry.uncompressedSize !== e.size) problems.push(`«${e.path}»: размер ${entry.uncompressedSize} байт, в манифесте ${e.size}`);
    }
    if (problems.length) return { ok: false, problems, manifest, checked: 0 };

    let checked = 0;
    for (const e of manifest.entries) {
      const result = await hashEntry(zip, byName.get(e.path)!, e.size);
      if ("error" in result) problems.push(`«${e.path}» не читается: ${result.error}`);
      else if (result.sha256 !== e.sha256) problems.push(`«${e.path}»: контрольная сумма SHA-256 не совпадает — файл изменён после выгрузки`);
      else checked++;
      onProgress?.(checked, manifest.entries.length);
    }
    return { ok: problems.length === 0, problems, manifest, checked };
  } finally {
    zip.close();
  }
}
