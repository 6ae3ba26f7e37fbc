import type { Types } from "mongoose";
import { periodsWithMarks } from "~models/results.server";
import { defaultPeriod } from "./periods";

/**
 * The period a report shows: the one asked for when it is one of `options`, else the latest with
 * marks in force for these classes (a report never opens on an empty period when a fuller one exists).
 */
export async function reportPeriod(schoolId: Types.ObjectId, options: { key: string }[], classIds: Types.ObjectId[], requested: string | null) {
  if (requested && options.some((o) => o.key === requested)) return requested;
  return defaultPeriod(options, await periodsWithMarks(schoolId, classIds));
}
