// The ЕГЭ minimum points per subject and year: data, not code. Rosobrnadzor sets them; these are
// the minimums for the school-leaving certificate in force since 2021, used for a year the
// installation has not been given its own (the municipal specialist enters them per year).
import { givesMark, MATHS_PROFILE, RUSSIAN, type AssessmentKind } from "~models/vocabulary/assessment-kinds";

export const EGE_MINIMUM_DEFAULTS: Record<string, number> = { [RUSSIAN]: 24, [MATHS_PROFILE]: 27 };
export const EGE_MINIMUM_SOURCE = "минимальное количество баллов ЕГЭ для аттестата, распоряжение Рособрнадзора";
/** Points from which a ЕГЭ result counts as high (seed 003, indicators 4 and 6). */
export const EGE_HIGH_POINTS = 81;

export type EgeMinimums = Record<string, Record<string, number>>;

/** The minimum for a subject in a year: the year's own when entered, else the default. */
export const egeMinimum = (minimums: EgeMinimums, schoolYear: string, subject: string): number | null =>
  minimums[schoolYear]?.[subject] ?? EGE_MINIMUM_DEFAULTS[subject] ?? null;

/** A result as a person reads it: «5», «78 баллов — ниже минимального (24)», «86 баллов — высокий результат». */
export function describeResult(kind: AssessmentKind, subject: string, mark: number | null, points: number | null, minimum: number | null) {
  if (givesMark(kind, subject)) return `«${mark}»${points !== null ? `, ${points} б.` : ""}`;
  const text = `${points} б.`;
  if (points !== null && minimum !== null && points < minimum) return `${text} — ниже минимального балла (${minimum})`;
  if (points !== null && points >= EGE_HIGH_POINTS) return `${text} — высокий результат`;
  return text;
}
