import { includesId, notFound, reachableStudentIds, schoolOf, verifiableStudentIds } from "~/auth/access.server";
import { can } from "~/auth/permissions";
import { closedYearReason } from "~/school-year.server";
import { getAchievement, type Achievement } from "~models/achievement.server";
import { getAuthorMayNotVerify } from "~models/school.server";
import { studentLeftReason } from "~models/student.server";
import type { PublicUser } from "~models/user.server";
import { hasWhatVerificationNeeds, kindsAllowed } from "./kinds";

/**
 * An achievement as this user may see it, and what they may do with it; 404 when they do not
 * reach its student. Families see verified versions only.
 */
export async function achievementFor(user: PublicUser, achievementId: string) {
  const schoolId = schoolOf(user);
  const achievement = await getAchievement(schoolId, achievementId);
  if (!achievement) notFound();
  if (!includesId(await reachableStudentIds(user), achievement.studentId)) notFound();
  const family = user.roles.includes("parent") || user.roles.includes("student");
  // Families see what is in force: verified, and not replaced by a later verified version.
  if (family && (achievement.status !== "verified" || achievement.supersededBy)) notFound();
  return { achievement, rights: await rightsOn(user, achievement) };
}

export async function rightsOn(user: PublicUser, achievement: Achievement) {
  // A closed year's achievements are read only: no button offers what the rule would refuse.
  const closed =
    (await studentLeftReason({ schoolId: achievement.schoolId, studentId: achievement.studentId })) ??
    (await closedYearReason(achievement.schoolId, { name: achievement.academicYear }));
  const head = !achievement.supersededBy && closed === null;
  const writer = can(user.roles, "write:achievements") && kindsAllowed(user.roles).includes(achievement.kind as never);
  const verifier = can(user.roles, "verify:achievements") && includesId(await verifiableStudentIds(user), achievement.studentId);
  const own = await barredAsAuthor(user, achievement);
  return {
    // Who this user is for the record, whatever its state: the steps below depend on the state too.
    writer,
    verifier,
    /** Why nothing can change: the record's school year is closed, or its student left. */
    closed,
    edit: head && writer && achievement.status !== "submitted",
    submit: head && writer && (achievement.status === "draft" || achievement.status === "rejected"),
    withdraw: head && writer && achievement.status === "submitted",
    remove: head && writer && (achievement.status === "draft" || achievement.status === "rejected"),
    verify: head && verifier && !own && achievement.status === "submitted",
    /** The verifier is the entry's author and the school's rule bars them: someone else confirms it. */
    ownEntry: head && verifier && own && achievement.status === "submitted",
    // Without its document it can only be sent back: a «confirm» button would be refused.
    confirm: head && verifier && !own && achievement.status === "submitted" && hasWhatVerificationNeeds(achievement),
    /** A verification found wrong afterwards is withdrawn, with a reason (its credentials are revoked with it). */
    unverify: head && verifier && achievement.status === "verified",
  };
}

/**
 * Two people for a confirmation when the school keeps «подтверждает не автор записи» (the default):
 * whoever entered this version does not verify or reject it; the administration may confirm anything.
 */
export async function barredAsAuthor(user: PublicUser, achievement: Achievement) {
  if (String(achievement.createdBy) !== String(user._id) || user.roles.includes("admin")) return false;
  return getAuthorMayNotVerify(achievement.schoolId);
}
