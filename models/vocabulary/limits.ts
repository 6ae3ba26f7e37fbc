// The longest text each stored record may hold: one number for the model's validator, the form's
// schema and the page's field (and the file readers that bring the same records in).
import type { GiftedListEntry } from "./gifted";

/** A credit application and its decision (models/credit.server.ts). */
export const CREDIT_LIMITS = { programme: 300, organisation: 300, result: 500, reason: 2000, act: 300, revokeReason: 500 } as const;
/** An extract request's purpose, a refusal's or a withdrawal's reason, the years asked for (models/document.server.ts). */
export const EXTRACT_LIMITS = { purpose: { min: 3, max: 300 }, reason: { min: 3, max: 500 }, years: 20 } as const;
/** A student's record in the gifted register (models/gifted.server.ts). */
export const GIFTED_RECORD_LIMITS = { reference: 200, conditions: 1000, order: 200, cancelReason: 500 } as const;
/** The quality programme report (models/municipal.server.ts). */
export const QUALITY_PROGRAMME_LIMITS = { programme: 500, title: 300, planned: 100, done: 100, result: 1000 } as const;
/** A support case (models/support.server.ts). */
export const SUPPORT_LIMITS = { manualReason: 500, description: 500, responsible: 120, outcome: 2000 } as const;
/** A line of the gifted register's list of events (models/gifted.server.ts); `level` as written in a file («региональный этап»), before it is read as a code. */
export const LIST_ENTRY_LIMITS = { event: 300, organiser: 300, profile: 200, level: 60, act: 300 } as const satisfies Record<keyof GiftedListEntry, number>;
