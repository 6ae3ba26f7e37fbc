// The period systems a school chooses for a grade range: quarters, trimesters or halves.
export const PERIOD_KINDS = ["quarter", "trimester", "half"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** «четверти», «триместры», «полугодия»: a system of periods in words. */
export const PERIOD_PLURALS: Record<PeriodKind, string> = { quarter: "четверти", trimester: "триместры", half: "полугодия" };
