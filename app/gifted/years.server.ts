import type { Types } from "mongoose";
import { listYears } from "~models/academic-year.server";

/** The school years to choose from (newest first) and the one asked for in `?year=`, else the current one. */
export async function chosenYear(schoolId: Types.ObjectId, request: Request) {
  const years = await listYears(schoolId);
  const names = years.map((y) => y.name);
  const asked = new URL(request.url).searchParams.get("year") ?? "";
  const current = years.find((y) => y.current)?.name ?? names[0] ?? "";
  return { years: names, year: names.includes(asked) ? asked : current };
}
