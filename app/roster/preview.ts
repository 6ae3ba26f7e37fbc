// How a contingent file's plan reads on its page (browser-safe: the page draws it).
import { formatDate } from "~/domain/format";
import type { RosterCandidate, RosterPlan } from "~models/vocabulary/roster";

/** Nothing to apply: every row is as the registry has it. */
export const planIsEmpty = (plan: RosterPlan) => !plan.arrivals.length && !plan.moves.length && !plan.departures.length && !plan.updates.length && !plan.namesakes.length;

/** «Иванова Анна Сергеевна, 12.03.2015, 5А» — a student already there, as a namesake's question names them. */
export const describeCandidate = (c: RosterCandidate) => [c.name, formatDate(c.birthDate), c.className || "нет в классах этого года"].join(", ");
