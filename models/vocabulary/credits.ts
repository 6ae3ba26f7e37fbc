// Words of credit decisions, shared by the pages (in the browser too) and the server.
export const CREDIT_OUTCOMES = { credited: "зачтено", partly: "зачтено частично", refused: "отказано" } as const;
export type CreditOutcome = keyof typeof CREDIT_OUTCOMES;
/** What a credited result becomes in the marks: a grade or «зач». */
export const CREDIT_MARKS = ["5", "4", "3", "зач"] as const;

/** The longest name and local-act reference of a school's crediting rule: the rule form and the stored rule share them. */
export const CREDIT_RULE_LIMITS = { name: 200, act: 300 } as const;

/** «за 2-й период», «за год (промежуточная аттестация)»: where a credited mark counts. */
export const creditPeriodLabel = (period: string) => (period === "year" ? "за год (промежуточная аттестация)" : `за ${period}-й период`);

/** A credited mark as people read it. */
export const creditMarkLabel = (mark: string) => (mark === "зач" ? "зачтено" : mark);

/** A school's rule for crediting outside results (seed 004): which achievements give which mark. */
export interface CreditRule {
  name: string;
  kinds: string[];
  /** The lowest level that counts (a LEVEL code). */
  minLevel: string;
  /** Results that count: winner, prizewinner, participant. */
  results: string[];
  /** «5», «4», «3» or «зач». */
  mark: string;
  act: string;
  active: boolean;
}
