// Period and year marks as the journal writes them (seed 001), as they are stored: the 5-point
// scale, «н/а», «осв», «зач»/«незач». What each counts for is app/domain/marks.ts.
export type PeriodMark = 1 | 2 | 3 | 4 | 5 | "na" | "exempt" | "pass" | "fail";
