// The yearly archive's format (docs/archive.md): what a ZIP holds and how its manifest reads.
// Shared by the export, the verification and the restore, and by the pages that describe them.
import { z } from "zod";
import type { ArchiveCollection } from "~models/archive-collections.server";

export type { ArchiveCollection };

export const ARCHIVE_FORMAT = "registry-year-archive";
/** Raised when the layout or the meaning of an entry changes; a reader refuses versions it does not know. */
export const ARCHIVE_VERSION = 1;
export const MANIFEST_NAME = "manifest.json";

/**
 * The collections of a year, in the order they are written and restored (what a record refers to
 * comes before it). Each file `data/<name>.ndjson` holds one document per line as MongoDB
 * Extended JSON (canonical: ids, dates and number types survive), sorted by `_id`.
 */
export const ARCHIVE_COLLECTIONS = {
  schools: "школа (реквизиты и настройки)",
  academicYears: "учебный год и его периоды",
  subjects: "предметы школы",
  users: "сотрудники и учётные записи семей обучающихся этого года (без паролей)",
  classes: "классы года",
  students: "обучающиеся, зачисленные в классы года",
  enrolments: "зачисления в классы года",
  resultsImports: "загрузки отметок, по которым действуют результаты",
  resultSets: "действующие итоговые и текущие отметки, работы, посещаемость, план",
  resultsState: "какие наборы отметок действуют (по классам и периодам года)",
  externalResults: "результаты ВПР, ОГЭ, ГВЭ и ЕГЭ за год",
  evidence: "подтверждающие документы (сведения; сами файлы — в files/)",
  achievements: "достижения года со всеми версиями и историей",
  supportCases: "сопровождение: группа риска и индивидуальные маршруты",
  giftedLists: "перечень мероприятий ГИР на год",
  giftedRecords: "включение в ГИР и особые условия аттестации",
  creditRules: "правила зачёта школы",
  creditApplications: "заявления о зачёте и решения по ним",
  extractRequests: "запросы выписок за год",
  issuedDocuments: "выданные документы (коды проверки, SHA-256; файлы — в issued/)",
  auditLog: "журнал доступа за год",
} as const satisfies Record<ArchiveCollection, string>;
export const ARCHIVE_COLLECTION_NAMES = Object.keys(ARCHIVE_COLLECTIONS) as ArchiveCollection[];


const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const ManifestSchema = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  version: z.number().int(),
  school: z.object({ id: z.string(), name: z.string() }),
  schoolYear: z.string().regex(/^\d{4}\/\d{4}$/),
  closedAt: z.string().nullable(),
  exportedAt: z.string(),
  exportedBy: z.string(),
  collections: z.record(z.string(), z.number().int().min(0)),
  retention: z.array(z.object({ kind: z.string(), label: z.string(), years: z.number(), after: z.string(), source: z.string() })),
  /** Each file with its size and SHA-256; a stored document's file also names its record's id (`record`). */
  entries: z.array(z.object({ path: z.string(), size: z.number().int().min(0), sha256: Sha256, record: z.string().regex(/^[0-9a-f]{24}$/).optional() })),
  /** SHA-256 of the lines «<sha256>  <path>» of every entry, in the order listed: the whole content at once. */
  digest: Sha256,
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const digestLines = (entries: { path: string; sha256: string }[]) => entries.map((e) => `${e.sha256}  ${e.path}\n`).join("");

/** An entry name the archive may hold: relative, forward slashes, no climbing out, no odd characters. */
export function isSafeEntryPath(name: string) {
  if (!name || name.length > 300 || name.startsWith("/") || name.includes("\\") || /^[a-zA-Z]:/.test(name)) return false;
  if (/[\u0000-\u001f]/.test(name)) return false;
  return name.split("/").every((part) => part !== "" && part !== "." && part !== "..");
}
