import type { PeriodKind } from "~models/vocabulary/periods";
import { PERIOD_LABELS } from "~/domain/school-year";

/** The periods a class's results are kept for: each period of its year, then the year. */
export function periodOptions(year: { periodKind: PeriodKind; periods: { number: number; name: string }[] }) {
  return [...year.periods.map((p) => ({ key: String(p.number), label: p.name })), { key: "year", label: "год" }];
}

export const isPeriodKey = (value: unknown, year: { periods: { number: number }[] }) =>
  value === "year" || (typeof value === "string" && year.periods.some((p) => String(p.number) === value));

export const periodWord = (kind: PeriodKind) => PERIOD_LABELS[kind];
