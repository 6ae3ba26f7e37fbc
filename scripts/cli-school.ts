// What the command-line tools share about schools and their own footprint: which school a tool
// works on (--school), and the memory it took.
import type { Types } from "mongoose";
import { listSchools } from "~models/school.server";
import { failCli } from "./cli";

/** The school named by --school (its name, short name or id), or the only one in the database. */
export async function chooseSchool(wanted: string | undefined, close: () => Promise<void>): Promise<{ _id: Types.ObjectId; name: string }> {
  const schools = await listSchools();
  const found = wanted ? schools.filter((s) => String(s._id) === wanted || s.name === wanted || s.shortName === wanted) : schools;
  if (found.length === 1) return found[0];
  await close();
  if (schools.length === 0) failCli("в базе нет ни одной школы.");
  if (wanted) failCli(`школы «${wanted}» в базе нет; есть: ${schools.map((s) => `${s.name} (${s._id})`).join("; ")}`);
  failCli(`в базе несколько школ: укажите --school (название или id): ${schools.map((s) => `${s.name} (${s._id})`).join("; ")}`);
}

export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} МБ`;
/** The most memory this process has held so far. */
export const peakMemory = () => process.resourceUsage().maxRSS * 1024;
