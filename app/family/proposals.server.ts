// A family proposes an achievement of their child (a diploma from a music school, say): it enters
// the class teacher's review queue marked «предложено семьёй»; the family sees its state and the
// reason of a refusal, and corrects and resends a refused one.
import type { AppLoadContext } from "@remix-run/node";
import { evidenceFiles } from "~/achievements/form.server";
import { createAchievement, reviseAchievement } from "~/achievements/workflow.server";
import { audit } from "~/auth/audit.server";
import { notFound, reachableStudentIds, schoolOf } from "~/auth/access.server";
import type { ParsedAchievement } from "~/achievements/kinds";
import { getAchievement, listFamilyProposals } from "~models/achievement.server";
import { fullName, getStudent } from "~models/student.server";
import type { PublicUser } from "~models/user.server";
import { KINDS, type Kind } from "~models/vocabulary/achievement-kinds";

/** The child, when this family member reaches them (a parent their children, a student themself), else 404. */
export async function familyChild(user: PublicUser, studentId: string) {
  const student = await getStudent(schoolOf(user), studentId, await reachableStudentIds(user));
  if (!student) notFound();
  return student;
}

export async function proposalsOf(request: Request, user: PublicUser, studentId: string) {
  const student = await familyChild(user, studentId);
  const proposals = await listFamilyProposals({ schoolId: student.schoolId, studentId: student._id });
  await audit(request, user, { action: "read", entity: "achievement", entityId: String(student._id), studentId: student._id, summary: `предложения семьи: ${fullName(student)}` });
  return {
    student: { id: String(student._id), name: fullName(student), firstName: student.firstName },
    proposals: proposals.map((a) => ({
      id: String(a._id),
      title: a.title,
      kind: KINDS[a.kind as Kind].label,
      date: a.date,
      status: a.status as "submitted" | "verified" | "rejected" | "draft",
      reason: a.rejectionReason ?? "",
      files: a.evidence.length,
    })),
  };
}

export async function propose(request: Request, context: AppLoadContext, user: PublicUser, studentId: string, parsed: ParsedAchievement) {
  const student = await familyChild(user, studentId);
  return createAchievement({ request, user, schoolId: student.schoolId, studentId: student._id, parsed, files: evidenceFiles(context), submit: true });
}

/** A refused proposal of this child, for its correction; 404 for anything else. */
export async function refusedProposal(user: PublicUser, studentId: string, achievementId: string) {
  const student = await familyChild(user, studentId);
  const achievement = await getAchievement(student.schoolId, achievementId);
  if (!achievement || String(achievement.studentId) !== String(student._id) || achievement.source !== "family" || achievement.supersededBy || achievement.status !== "rejected") notFound();
  return { student, achievement };
}

export async function resendProposal(request: Request, context: AppLoadContext, user: PublicUser, studentId: string, achievementId: string, change: { parsed: ParsedAchievement; removeFileIds: string[] }) {
  const { achievement } = await refusedProposal(user, studentId, achievementId);
  return reviseAchievement({ request, user, existing: achievement, parsed: change.parsed, files: evidenceFiles(context), removeFileIds: change.removeFileIds, submit: true });
}
