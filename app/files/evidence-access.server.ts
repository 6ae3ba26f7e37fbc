import type { Types } from "mongoose";
import { includesId, notFound, reachableStudentIds, schoolOf } from "~/auth/access.server";
import { can } from "~/auth/permissions";
import { achievementListsAnyFile } from "~models/achievement.server";
import { creditApplicationListsFile } from "~models/credit.server";
import { getEvidence } from "~models/evidence.server";
import type { PublicUser } from "~models/user.server";

/** A confirming document this user may open, else 404: staff within their reach, families only for verified achievements. */
export async function evidenceFor(user: PublicUser, fileId: string) {
  const schoolId = schoolOf(user);
  const evidence = await getEvidence(schoolId, fileId);
  if (!evidence) notFound();
  if (!includesId(await reachableStudentIds(user), evidence.studentId as Types.ObjectId)) notFound();
  // A document counts only while an achievement lists it; for families, a verified one in force.
  const family = user.roles.includes("parent") || user.roles.includes("student");
  const listed = await achievementListsAnyFile({ schoolId, fileIds: [evidence._id], verifiedInForce: family });
  if (listed) return evidence;
  // A document of a credit application: the family who applied and the administration deciding.
  if ((family || can(user.roles, "decide:credits")) && (await creditApplicationListsFile({ schoolId, fileId: evidence._id }))) return evidence;
  notFound();
}

/**
 * Headers for anything uploaded: never run as a page. nosniff and a same-origin resource policy
 * come with every response from helmet (server.ts); this adds the sandbox and the file's name.
 */
export function fileHeaders(type: string, name: string, disposition: "inline" | "attachment", size?: number) {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const headers = new Headers({
    "Content-Type": type,
    "Content-Disposition": `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
    "Cache-Control": "private, max-age=0, must-revalidate",
  });
  if (size !== undefined) headers.set("Content-Length", String(size));
  return headers;
}
