/** «за 2-й период», «за год (промежуточная аттестация)»: where a credited mark counts. */
export const creditPeriodLabel = (period: string) => (period === "year" ? "за год (промежуточная аттестация)" : `за ${period}-й период`);

/** A credited mark as people read it. */
export const creditMarkLabel = (mark: string) => (mark === "зач" ? "зачтено" : mark);
