// A school's indicators as a file, for a municipal view in another installation: numerators and
// denominators of indicators 1–16 per school year, and the school's name — no person, no id of
// one. Loaded by the municipal specialist; a newer file of the same school replaces the older.
import { z } from "zod";
import { COMPUTED_INDICATORS } from "~/domain/indicators";
import { RefusedByRule } from "~/http/refusals";
import { listExternalResultYears } from "~models/assessment.server";
import { saveLoadedIndicators } from "~models/municipal.server";
import { getSchool } from "~models/school.server";
import type { Types } from "mongoose";
import { computedYears } from "./indicators.server";

export const SCHOOL_FILE_FORMAT = "registry-school-indicators";
export const SCHOOL_FILE_VERSION = 1;

const Count = z.number().int().min(0).max(10_000_000);
const SchoolFile = z.object({
  format: z.literal(SCHOOL_FILE_FORMAT),
  version: z.literal(SCHOOL_FILE_VERSION),
  school: z.object({ name: z.string().trim().min(3).max(300), shortName: z.string().max(120).default(""), inn: z.string().max(12).default(""), municipality: z.string().max(200).default("") }),
  exportedAt: z.string(),
  years: z.record(
    z.string().regex(/^\d{4}\/\d{4}$/),
    z.record(z.string().regex(/^([1-9]|1[0-6])$/), z.object({ numerator: Count, denominator: Count }).refine((f) => f.numerator <= f.denominator, "числитель больше знаменателя")),
  ),
});

/** Every year of the school with external results, as the file carries it. */
export async function schoolIndicatorsFile(schoolId: Types.ObjectId) {
  const school = (await getSchool(schoolId))!;
  const years = await listExternalResultYears({ schoolId });
  const figures = await computedYears(schoolId, years);
  return {
    format: SCHOOL_FILE_FORMAT,
    version: SCHOOL_FILE_VERSION,
    school: { name: school.name, shortName: school.shortName, inn: school.inn ?? "", municipality: school.municipality ?? "" },
    exportedAt: new Date().toISOString(),
    years: Object.fromEntries(years.map((y) => [y, Object.fromEntries(COMPUTED_INDICATORS.map((i) => [String(i.n), { numerator: figures[y][i.n].numerator, denominator: figures[y][i.n].denominator }]))])),
  };
}

export async function loadSchoolIndicators(bytes: Uint8Array, fileName: string, byName: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new RefusedByRule("Это не файл показателей школы: он не в формате JSON", "file");
  }
  const head = raw as { format?: unknown; version?: unknown };
  if (head?.format !== SCHOOL_FILE_FORMAT) throw new RefusedByRule("Это не файл показателей школы (нет пометки формата реестра)", "file");
  if (head.version !== SCHOOL_FILE_VERSION) throw new RefusedByRule(`Версия файла ${String(head.version)} не поддерживается (читается версия ${SCHOOL_FILE_VERSION})`, "file");
  const parsed = SchoolFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RefusedByRule(`Файл показателей не по формату: ${issue.path.join(".")} — ${issue.message}`, "file");
  }
  const file = parsed.data;
  const key = file.school.inn ? `inn:${file.school.inn}` : `name:${file.school.name.toLocaleLowerCase("ru")}`;
  await saveLoadedIndicators({ key, name: file.school.name, shortName: file.school.shortName, municipality: file.school.municipality, years: file.years, fileName: fileName.slice(0, 200), loadedByName: byName });
  return { key, name: file.school.name, years: Object.keys(file.years).sort() };
}
