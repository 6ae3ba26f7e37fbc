// Period and year marks as the journal writes them (seed 001): the 5-point scale, «н/а» (not
// assessed: counts as failing), «осв» (exempt: left out of every count), «зач»/«незач» (pass/fail
// subjects). Grade 1 is not marked at all.
import type { PeriodMark } from "~models/vocabulary/marks";

const WORDS: Record<string, PeriodMark> = {
  "н/а": "na", "н\\а": "na", "на": "na", "н.а.": "na", "н/a": "na", "не аттестован": "na", "неаттестован": "na",
  осв: "exempt", "осв.": "exempt", освобожден: "exempt", освобождена: "exempt",
  зач: "pass", "зач.": "pass", зачет: "pass", зачтено: "pass",
  незач: "fail", "незач.": "fail", незачет: "fail", "не зачтено": "fail",
};

/** A journal cell to a mark; null for an empty cell; an error text for anything else («6», «4+»). */
export function parseMark(cell: string): PeriodMark | null | { error: string } {
  const text = cell.trim().toLocaleLowerCase("ru").replaceAll("ё", "е");
  if (text === "") return null;
  if (/^[1-5]$/.test(text)) return Number(text) as PeriodMark;
  if (/^[1-5][.,]0+$/.test(text)) return Number(text[0]) as PeriodMark;
  const word = WORDS[text];
  if (word) return word;
  return { error: `«${cell.trim()}» — не отметка: ожидается 1–5, «н/а», «осв», «зач» или «незач»` };
}

export const MARK_LABELS: Record<string, string> = { na: "н/а", exempt: "осв", pass: "зач", fail: "незач" };
export const markLabel = (mark: PeriodMark) => (typeof mark === "number" ? String(mark) : MARK_LABELS[mark]);

export const isFailing = (mark: PeriodMark) => mark === 1 || mark === 2 || mark === "na" || mark === "fail";
