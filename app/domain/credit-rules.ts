// Suggesting a credit decision from the school's crediting rules (its local act, as data): the
// student's verified results in the application's subject and school year that a rule covers.
// The suggestion shows the rule and the result; the admin decides.
import { levelOf } from "~models/vocabulary/achievement-kinds";
import { LEVEL, STATUS, type Details, type Kind } from "~models/vocabulary/achievement-kinds";
import type { CreditRule } from "~models/vocabulary/credits";
import { normaliseName } from "./gifted";


export interface CreditEvidence {
  id: string;
  kind: Kind;
  status: string;
  academicYear: string;
  title: string;
  details: Details;
}

export interface CreditSuggestion {
  rule: CreditRule;
  achievement: CreditEvidence;
  mark: string;
  explanation: string;
}

const LEVEL_ORDER = ["school", "municipal", "regional", "federal", "international"];
const MARK_ORDER = ["зач", "3", "4", "5"];

/** The best mark any active rule gives for the student's verified results in this subject and year; null if none applies. */
export function suggestCredit(rules: CreditRule[], achievements: CreditEvidence[], subjectName: string, schoolYear: string): CreditSuggestion | null {
  const subject = normaliseName(subjectName);
  const found: CreditSuggestion[] = [];
  for (const rule of rules.filter((r) => r.active)) {
    for (const a of achievements) {
      if (a.status !== "verified" || a.academicYear !== schoolYear || !rule.kinds.includes(a.kind)) continue;
      const own = normaliseName(String(a.details.subject ?? ""));
      if (!own || !(own === subject || own.includes(subject) || subject.includes(own))) continue;
      if (!rule.results.includes(String(a.details.status ?? ""))) continue;
      const level = levelOf(a.kind, a.details) ?? "";
      if (LEVEL_ORDER.indexOf(level) < LEVEL_ORDER.indexOf(rule.minLevel)) continue;
      found.push({
        rule,
        achievement: a,
        mark: rule.mark,
        explanation: `правило «${rule.name}» (${rule.act}): ${a.title} — уровень «${LEVEL[level]}», результат «${STATUS[String(a.details.status)]}», не ниже уровня «${LEVEL[rule.minLevel]}»`,
      });
    }
  }
  found.sort((x, y) => MARK_ORDER.indexOf(y.mark) - MARK_ORDER.indexOf(x.mark));
  return found[0] ?? null;
}
