// The measures every report uses (the design's «Measures» section), over the period marks of a
// class. N counts the students who must be marked: exempt entries are left out; «н/а» stays in N
// as a failing result. Pass/fail subjects count towards success only (they have no grade).
import { formatNumber } from "./format";
import { isFailing } from "./marks";
import { type PeriodMark } from "~models/vocabulary/marks";

export interface SubjectMeasures {
  /** Marks that count: everything but «осв». */
  n: number;
  counts: { 5: number; 4: number; 3: number; 2: number; 1: number; na: number; pass: number; fail: number };
  /** Mean of the 5-point marks; null when there are none. */
  average: number | null;
  /** (n5 + n4 + n3 + зач) · 100 ÷ N. */
  successRate: number | null;
  /** (n5 + n4) · 100 ÷ N of graded marks (н/а included); null for a pass/fail subject. */
  quality: number | null;
  /** СОУ: (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·(n1 + н/а)) ÷ N of graded marks. */
  sou: number | null;
}

export function subjectMeasures(marks: readonly PeriodMark[]): SubjectMeasures {
  const counts = { 5: 0, 4: 0, 3: 0, 2: 0, 1: 0, na: 0, pass: 0, fail: 0 };
  for (const mark of marks) if (mark !== "exempt") counts[mark]++;
  const numeric = counts[5] + counts[4] + counts[3] + counts[2] + counts[1];
  const graded = numeric + counts.na;
  const n = graded + counts.pass + counts.fail;
  const sum = 5 * counts[5] + 4 * counts[4] + 3 * counts[3] + 2 * counts[2] + counts[1];
  return {
    n,
    counts,
    average: numeric ? sum / numeric : null,
    successRate: n ? ((counts[5] + counts[4] + counts[3] + counts.pass) * 100) / n : null,
    quality: graded ? ((counts[5] + counts[4]) * 100) / graded : null,
    sou: graded ? (100 * counts[5] + 64 * counts[4] + 36 * counts[3] + 16 * counts[2] + 7 * (counts[1] + counts.na)) / graded : null,
  };
}

export interface ClassMeasures {
  /** Students with at least one mark that counts. */
  n: number;
  /** Students with no «2», «1», «н/а» or «незач» in any subject, · 100 ÷ N. */
  successRate: number | null;
  /** Students whose graded marks are all «4» and «5» (and no failing mark), · 100 ÷ N. */
  quality: number | null;
  /** Mean of every 5-point mark of the class. */
  average: number | null;
}

/** `marksByStudent`: each student's period marks across subjects. */
export function classMeasures(marksByStudent: readonly (readonly PeriodMark[])[]): ClassMeasures {
  let n = 0;
  let succeeded = 0;
  let good = 0;
  let sum = 0;
  let numeric = 0;
  for (const marks of marksByStudent) {
    const counted = marks.filter((m) => m !== "exempt");
    if (counted.length === 0) continue;
    n++;
    const failing = counted.some(isFailing);
    if (!failing) succeeded++;
    const graded = counted.filter((m): m is 3 | 4 | 5 => typeof m === "number");
    if (!failing && graded.every((m) => m >= 4) && graded.length > 0) good++;
    for (const m of counted) if (typeof m === "number") {
      sum += m;
      numeric++;
    }
  }
  return {
    n,
    successRate: n ? (succeeded * 100) / n : null,
    quality: n ? (good * 100) / n : null,
    average: numeric ? sum / numeric : null,
  };
}

/** A measure as the school prints it: «66,7», or «—» when there is nothing to measure. */
export const formatMeasure = (value: number | null, digits = 1) =>
  value === null ? "—" : formatNumber(value, digits);

/** How far a subject's plan was delivered, as the class summary prints it: «30 из 32 (94 %)». */
export const formatPlan = (plan: { planned: number; given: number } | null) =>
  plan ? `${plan.given} из ${plan.planned}${plan.planned ? ` (${Math.round((plan.given * 100) / plan.planned)} %)` : ""}` : "";
