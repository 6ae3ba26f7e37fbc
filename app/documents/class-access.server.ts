import { includesId, ledClassIds, notFound, schoolOf } from "~/auth/access.server";
import { getClass } from "~models/class.server";
import type { PublicUser } from "~models/user.server";

/** A class whose portfolios this user may export: the class teacher's own class, any class of this year for the admin; else 404. */
export async function exportableClass(user: PublicUser, classId: string) {
  const schoolId = schoolOf(user);
  const schoolClass = await getClass(schoolId, classId);
  if (!schoolClass || !includesId(await ledClassIds(user), schoolClass._id)) notFound();
  return { schoolId, schoolClass };
}
