// Who is in the risk group after a period (seed 000 §4.1, §4.2): each criterion is a rule with a
// threshold the school can change (defaults below); the result names every criterion that fired
// and the data it fired on, so a teacher can check it.
import { formatNumber } from "./format";
import { isFailing, markLabel } from "./marks";
import { type PeriodMark } from "~models/vocabulary/marks";
import type { Direction } from "./trajectory";
import { PERIOD_MARK_MIN_CURRENT, RISK_DEFAULTS, type RiskSettings } from "~models/vocabulary/thresholds";

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

/** Seed 001: a period mark needs enough current marks behind it (the school's threshold, default 3). */
export const periodMarkJustified = (currentMarks: number, minimum = PERIOD_MARK_MIN_CURRENT) => currentMarks >= minimum;
