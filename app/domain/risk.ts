// Who is in the risk group after a period (seed 000 §4.1, §4.2): each criterion is a rule with a
// threshold the school can change (defaults below); the result names every criterion that fired
// and the data it fired on, so a teacher can check it.
import { formatNumber } from "./format";
import { isFailing, markLabel, type PeriodMark } from "./marks";
import type { Direction } from "./trajectory";

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

export interface RiskInput {
  periodMarks: { subject: string; mark: PeriodMark }[];
  /** Direction of the student's overall average over the recent periods. */
  overallDirection: Direction;
  unexcusedAbsences: number;
  lessons: number | null;
  works: { title: string; mark: number | null; percent: number | null }[];
  /** Latest УУД level per group, from verified records. */
  uud: { group: string; level: string }[];
  maladjustmentNotes: number;
  /** Added by staff's judgement (§4.2), with the reason. */
  manual: { reason: string; by: string }[];
}

export type RiskCriterion = "failure" | "absences" | "gaps" | "uud" | "maladjustment" | "manual";

export const RISK_LABELS: Record<RiskCriterion, string> = {
  failure: "систематическая неуспеваемость",
  absences: "пропуски без уважительной причины",
  gaps: "пробелы в знаниях (контрольные и диагностические работы)",
  uud: "низкий уровень метапредметных навыков",
  maladjustment: "признаки дезадаптации",
  manual: "по решению педагогов",
};

export interface RiskReason {
  criterion: RiskCriterion;
  label: string;
  /** The data it fired on, in words. */
  evidence: string;
}

const percent = (share: number) => `${Math.round(share * 1000) / 10}`.replace(".", ",") + " %";

export function assessRisk(input: RiskInput, settings: RiskSettings = RISK_DEFAULTS): RiskReason[] {
  const reasons: RiskReason[] = [];
  const add = (criterion: RiskCriterion, evidence: string) => reasons.push({ criterion, label: RISK_LABELS[criterion], evidence });

  const failing = input.periodMarks.filter((m) => isFailing(m.mark));
  if (failing.length >= settings.failingMarks && input.overallDirection !== "rising") {
    add("failure", `${failing.map((m) => `${m.subject}: ${markLabel(m.mark)}`).join(", ")}; средний балл без роста`);
  }

  if (input.lessons && input.lessons > 0) {
    const share = input.unexcusedAbsences / input.lessons;
    if (share >= settings.absenceShare) add("absences", `${input.unexcusedAbsences} из ${input.lessons} уроков (${percent(share)}; порог ${percent(settings.absenceShare)})`);
  } else if (input.unexcusedAbsences >= settings.absenceLessons) {
    add("absences", `${input.unexcusedAbsences} уроков (порог ${settings.absenceLessons})`);
  }

  const failedWorks = input.works.filter((w) => (w.mark !== null && w.mark <= 2) || (w.percent !== null && w.percent < settings.failedWorkPercent));
  if (failedWorks.length >= settings.failedWorks) {
    add("gaps", failedWorks.map((w) => `${w.title}: ${w.mark !== null ? `«${w.mark}»` : `${formatNumber(w.percent!, 0, 1)} %`}`).join(", "));
  }

  const low = input.uud.filter((u) => u.level === "low");
  if (low.length >= settings.lowUudGroups) add("uud", `низкий уровень: ${low.map((u) => u.group).join(", ")}`);

  if (input.maladjustmentNotes >= settings.maladjustmentNotes) add("maladjustment", `наблюдений специалиста: ${input.maladjustmentNotes}`);

  for (const m of input.manual) add("manual", `${m.reason} (${m.by})`);
  return reasons;
}

/** Seed 001: a period mark needs enough current marks behind it (default 3). */
export const PERIOD_MARK_MIN_CURRENT = 3;
export const periodMarkJustified = (currentMarks: number, minimum = PERIOD_MARK_MIN_CURRENT) => currentMarks >= minimum;

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
