// The thresholds a school may change (seed 000 §4.1, §4.2; seed 001) with their defaults, bounds and
// sources: stored in the school's settings, read by the risk rules (app/domain/risk.ts).

export const RISK_DEFAULTS = {
  /** Systematic failure: at least this many failing period marks («2», «1», н/а, незач)… */
  failingMarks: 1,
  /** …unless the student's overall average is rising (positive dynamics). */
  /** Unexcused absences: a share of the period's lessons… */
  absenceShare: 0.1,
  /** …or this many lessons when the number of lessons is not known. */
  absenceLessons: 20,
  /** Gaps in knowledge: control or diagnostic works failed (a «2», or under this percent of points)… */
  failedWorkPercent: 50,
  /** …at least this many in the period. */
  failedWorks: 2,
  /** Metasubject skills: УУД groups whose latest recorded level is «низкий». */
  lowUudGroups: 1,
  /** Maladjustment: a specialist's observations recording signs of it. */
  maladjustmentNotes: 1,
};
export type RiskSettings = typeof RISK_DEFAULTS;

/** Seed 001: a period mark needs enough current marks behind it (default 3). */
export const PERIOD_MARK_MIN_CURRENT = 3;

/** Every threshold a school may change, with its default (above), bounds and where it comes from. */
export const SCHOOL_THRESHOLDS = {
  failingMarks: { label: "Систематическая неуспеваемость: отметок «2», «н/а», «незач» за период, не меньше", min: 1, max: 30, percent: false, source: "положение о мониторинге, §4.1" },
  absenceShare: { label: "Пропуски без уважительной причины: доля уроков периода, %, не меньше", min: 1, max: 100, percent: true, source: "положение о мониторинге, §4.1" },
  absenceLessons: { label: "…или уроков, когда число уроков периода неизвестно, не меньше", min: 1, max: 500, percent: false, source: "положение о мониторинге, §4.1" },
  failedWorkPercent: { label: "Работа не выполнена: процент выполнения ниже", min: 1, max: 100, percent: false, source: "положение о мониторинге, §4.1" },
  failedWorks: { label: "Пробелы в знаниях: невыполненных контрольных и диагностических работ за период, не меньше", min: 1, max: 30, percent: false, source: "положение о мониторинге, §4.1" },
  lowUudGroups: { label: "Метапредметные навыки: групп УУД на низком уровне, не меньше", min: 1, max: 3, percent: false, source: "положение о мониторинге, §4.1" },
  maladjustmentNotes: { label: "Дезадаптация: наблюдений специалиста за год, не меньше", min: 1, max: 30, percent: false, source: "положение о мониторинге, §4.1–4.2" },
  periodMarkMinCurrent: { label: "Итоговая отметка обоснована: текущих отметок за период, не меньше", min: 1, max: 30, percent: false, source: "положение о текущем контроле, о выставлении отметок" },
} as const;
export type ThresholdKey = keyof typeof SCHOOL_THRESHOLDS;

/** The staff idle time the administration can set (minutes without a request before signing in again), and its default. */
export const STAFF_IDLE_MINUTES = { default: 30, min: 5, max: 480 } as const;
export type SchoolThresholds = RiskSettings & { periodMarkMinCurrent: number };
export const THRESHOLD_DEFAULTS: SchoolThresholds = { ...RISK_DEFAULTS, periodMarkMinCurrent: PERIOD_MARK_MIN_CURRENT };

/** Stored settings over the defaults: anything missing, not a number or out of bounds falls back to its default. */
export function thresholdsFrom(stored: unknown): SchoolThresholds {
  const given = (stored && typeof stored === "object" ? stored : {}) as Record<string, unknown>;
  const result = { ...THRESHOLD_DEFAULTS };
  for (const key of Object.keys(SCHOOL_THRESHOLDS) as ThresholdKey[]) {
    const value = given[key];
    const { min, max, percent } = SCHOOL_THRESHOLDS[key];
    const shown = typeof value === "number" ? (percent ? value * 100 : value) : NaN;
    if (Number.isFinite(shown) && shown >= min && shown <= max) result[key] = value as number;
  }
  return result;
}
