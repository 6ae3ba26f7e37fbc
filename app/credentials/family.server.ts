// What a family does with credentials: sees which verified achievements can leave as a badge, the
// credentials already issued and their state, and downloads a badge or the portfolio's CLR. Whose
// child it is is checked the same way as on every family page; another family's ids find nothing.
import { notFound, reachableStudentIds, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import { RefusedByRule } from "~/http/refusals";
import { getAchievement, listStudentAchievements, type Achievement } from "~models/achievement.server";
import { getSchool } from "~models/school.server";
import { fullName, getStudent } from "~models/student.server";
import type { PublicUser } from "~models/user.server";
import { canLeaveAsBadge } from "./achievement-types";
import { issueBadge, issueClr, type CredentialFormat } from "./badges.server";
import { credentialOrigin } from "./issuer.server";
import { readIssuedCredentials } from "./issued.server";

async function familyChild(user: PublicUser, studentId: string) {
  const schoolId = schoolOf(user);
  const student = await getStudent(schoolId, studentId, await reachableStudentIds(user));
  if (!student) notFound();
  return student;
}

/** The achievements in force that may leave as credentials (a specialist's observations stay in the school). */
async function badgeAchievements(user: PublicUser, studentId: Parameters<typeof listStudentAchievements>[1]) {
  const achievements = await listStudentAchievements(schoolOf(user), studentId, { verifiedOnly: true });
  return achievements.filter((a) => canLeaveAsBadge(a.kind));
}

/** The credentials page: the achievements, the years for a CLR, and what was issued (newest first). */
export async function familyCredentials(request: Request, user: PublicUser, studentId: string) {
  const student = await familyChild(user, studentId);
  const [achievements, issued] = await Promise.all([badgeAchievements(user, student._id), readIssuedCredentials(request, user, student)]);
  return {
    student: { id: String(student._id), name: fullName(student) },
    achievements: achievements.map((a) => ({ id: String(a._id), title: a.title, date: a.date, academicYear: a.academicYear })),
    years: [...new Set(achievements.map((a) => a.academicYear))].sort().reverse(),
    issued: issued.map(({ id: _id, issuedByName: _by, ...row }) => row),
  };
}

/** What the download's address asks for: the format (JSON by default) and whether the child's name goes in. */
export function downloadChoice(url: URL): { format: CredentialFormat; named: boolean } {
  const format = url.searchParams.get("format") ?? "json";
  if (format !== "json" && format !== "jwt") throw new RefusedByRule("Неизвестный формат: можно json или jwt.");
  return { format, named: url.searchParams.get("name") === "on" };
}

async function issueContext(user: PublicUser, studentId: string) {
  const student = await familyChild(user, studentId);
  const school = await getSchool(student.schoolId);
  if (!school) notFound();
  return { student, school, origin: credentialOrigin(), issuer: user, at: new Date() };
}

/** One verified achievement of the family's child as an Open Badges 3.0 credential (404 for anything else). */
export async function downloadBadge(request: Request, user: PublicUser, studentId: string, achievementId: string) {
  const choice = downloadChoice(new URL(request.url));
  const context = await issueContext(user, studentId);
  const achievement = await getAchievement(context.school._id, achievementId);
  const inForce = (await badgeAchievements(user, context.student._id)).some((a) => String(a._id) === String(achievement?._id));
  if (!achievement || String(achievement.studentId) !== String(context.student._id) || !inForce) notFound();
  const issued = await issueBadge(achievement, { ...context, ...choice });
  await audit(request, user, {
    action: "download",
    entity: "document",
    entityId: String(issued.document._id),
    studentId: context.student._id,
    summary: `цифровой бейдж, код ${issued.document.code}`,
  });
  return issued;
}

/** The verified achievements of the chosen years (all when none is chosen) as one CLR 2.0 credential. */
export async function downloadClr(request: Request, user: PublicUser, studentId: string) {
  const url = new URL(request.url);
  const choice = downloadChoice(url);
  const context = await issueContext(user, studentId);
  const wanted = url.searchParams.getAll("year");
  const all = await badgeAchievements(user, context.student._id);
  const achievements: Achievement[] = wanted.length ? all.filter((a) => wanted.includes(a.academicYear)) : all;
  if (achievements.length === 0) throw new RefusedByRule("За выбранные годы нет подтверждённых достижений.");
  const years = [...new Set(achievements.map((a) => a.academicYear))].sort();
  const issued = await issueClr(achievements, years, { ...context, ...choice, schoolYear: years[years.length - 1] });
  await audit(request, user, {
    action: "download",
    entity: "document",
    entityId: String(issued.document._id),
    studentId: context.student._id,
    summary: `цифровое портфолио CLR, код ${issued.document.code}`,
  });
  return issued;
}
