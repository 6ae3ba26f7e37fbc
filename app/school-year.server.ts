// Whether a school year's records can still change: the one rule every write of marks and
// achievements asks. The day a year was closed is told on the school's clock.
import type { Types } from "mongoose";
import { formatDate } from "~/domain/format";
import { findYearClosure, type AcademicYear } from "~models/academic-year.server";

/** Why the records of this year can no longer change (its marks and achievements), or null while it is open. */
export function closedReasonOf(year: Pick<AcademicYear, "name" | "closedAt">) {
  if (!year.closedAt) return null;
  return `Учебный год ${year.name} закрыт ${formatDate(year.closedAt)}: его отметки и достижения только для чтения.`;
}

/** closedReasonOf the school's year by its name or id (null also when there is no such year). */
export async function closedYearReason(schoolId: Types.ObjectId | string, year: { name: string } | { id: Types.ObjectId | string }) {
  const found = await findYearClosure(schoolId, year);
  return found ? closedReasonOf(found) : null;
}
