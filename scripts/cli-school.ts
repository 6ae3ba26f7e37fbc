// What the command-line tools share about schools and their own footprint: which school a tool
// works on (--school), and the memory it took.
import type { Types } from "mongoose";
import { listSchools } from "~models/school.server";
import { failCli } from "./cli";

interface SchoolName {
  _id: Types.ObjectId;
  name: string;
  shortName?: string | null;
}

// Letter case, «ё» and spaces do not tell two names apart («№17» is «№ 17»).
const folded = (text: string) => text.toLocaleLowerCase("ru").replace(/ё/g, "е").replace(/\s+/g, "");

/**
 * The school `wanted` names among `schools`: its id, name or short name; else the only one whose
 * name or short name holds it («№ 17», `byPart`); with nothing wanted, the only school. Or why none is taken.
 */
export function pickSchool<S extends SchoolName>(schools: S[], wanted: string | undefined): { school: S; byPart?: true } | { problem: string } {
  const list = (some: S[]) => some.map((s) => `${s.name} (${s._id})`).join("; ");
  if (schools.length === 0) return { problem: "в базе нет ни одной школы." };
  if (!wanted) return schools.length === 1 ? { school: schools[0] } : { problem: `в базе несколько школ: укажите --school (название, его часть или id): ${list(schools)}` };
  const want = folded(wanted);
  const names = (s: S) => [s.name, s.shortName ?? ""].map(folded);
  const exact = schools.filter((s) => String(s._id) === wanted || names(s).includes(want));
  if (exact.length === 1) return { school: exact[0] };
  const found = exact.length > 0 ? exact : schools.filter((s) => names(s).some((name) => name.includes(want)));
  if (found.length === 1) return { school: found[0], byPart: true };
  if (found.length > 1) return { problem: `«${wanted}» есть в названиях нескольких школ: ${list(found)}; укажите точнее или id.` };
  return { problem: `школы «${wanted}» в базе нет; есть: ${list(schools)}` };
}

/** The school named by --school (see pickSchool), or the only one in the database. */
export async function chooseSchool(wanted: string | undefined, close: () => Promise<void>): Promise<{ _id: Types.ObjectId; name: string }> {
  const picked = pickSchool(await listSchools(), wanted);
  if ("school" in picked) {
    // Named by a part: which school that is, before anything is done in it.
    if (picked.byPart) console.log(`Школа: ${picked.school.name}`);
    return picked.school;
  }
  await close();
  failCli(picked.problem);
}

export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} МБ`;
/** The most memory this process has held so far. */
export const peakMemory = () => process.resourceUsage().maxRSS * 1024;
