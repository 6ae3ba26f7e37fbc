// External assessments (seed 003's sources: ВПР, ОГЭ, ГВЭ, ЕГЭ): what each gives and how a
// subject is named, shared by the import, the record, the reports and the indicators.
export const ASSESSMENT_KINDS = {
  vpr: { label: "ВПР", scale: "mark", grades: [4, 5, 6, 7, 8, 10, 11] },
  oge: { label: "ОГЭ", scale: "mark", grades: [9] },
  gve9: { label: "ГВЭ-9", scale: "mark", grades: [9] },
  ege: { label: "ЕГЭ", scale: "points", grades: [11] },
  gve11: { label: "ГВЭ-11", scale: "mark", grades: [11] },
} as const;
export type AssessmentKind = keyof typeof ASSESSMENT_KINDS;
export const ASSESSMENT_KIND_CODES = Object.keys(ASSESSMENT_KINDS) as AssessmentKind[];
export const isAssessmentKind = (value: unknown): value is AssessmentKind => typeof value === "string" && value in ASSESSMENT_KINDS;

export const RUSSIAN = "Русский язык";
export const MATHS = "Математика";
export const MATHS_PROFILE = "Математика (профильный уровень)";
export const MATHS_BASE = "Математика (базовый уровень)";

/** ЕГЭ in basic mathematics is marked 2–5, every other ЕГЭ in points. */
export const givesMark = (kind: AssessmentKind, subject: string) => ASSESSMENT_KINDS[kind].scale === "mark" || subject === MATHS_BASE;

const key = (text: string) => text.toLocaleLowerCase("ru").replaceAll("ё", "е").replace(/[().,]/g, " ").replace(/\s+/g, " ").trim();

/**
 * A subject as the indicators need it named: Russian and the mathematics of each level
 * recognised however a file writes them; any other subject kept as written (capitalised).
 * Null: mathematics at ЕГЭ without its level, which cannot be told apart.
 */
export function canonicalSubject(raw: string, kind: AssessmentKind): string | null {
  const k = key(raw);
  if (!k) return null;
  if (/^рус/.test(k)) return RUSSIAN;
  if (/матем/.test(k)) {
    if (kind !== "ege") return MATHS;
    if (/проф/.test(k)) return MATHS_PROFILE;
    if (/баз/.test(k)) return MATHS_BASE;
    return null;
  }
  const text = raw.replace(/\s+/g, " ").trim();
  return text.charAt(0).toLocaleUpperCase("ru") + text.slice(1);
}

