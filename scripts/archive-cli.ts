// What the archive's command-line tools share: which school an archive is made for.
import type { Types } from "mongoose";
import { SchoolModel } from "~models/school.server";
import { failCli } from "./cli";

/** The school named by --school (its name or id), or the only one in the database. */
export async function chooseSchool(wanted: string | undefined, close: () => Promise<void>): Promise<{ _id: Types.ObjectId; name: string }> {
  const schools = await SchoolModel.find({}, { name: 1 }).lean<{ _id: Types.ObjectId; name: string }[]>();
  const found = wanted ? schools.filter((s) => String(s._id) === wanted || s.name === wanted) : schools;
  if (found.length === 1) return found[0];
  await close();
  if (schools.length === 0) failCli("в базе нет ни одной школы.");
  if (wanted) failCli(`школы «${wanted}» в базе нет; есть: ${schools.map((s) => `${s.name} (${s._id})`).join("; ")}`);
  failCli(`в базе несколько школ: укажите --school (название или id): ${schools.map((s) => `${s.name} (${s._id})`).join("; ")}`);
}

export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} МБ`;
/** The most memory this process has held so far. */
export const peakMemory = () => process.resourceUsage().maxRSS * 1024;
