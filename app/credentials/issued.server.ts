import type { Types } from "mongoose";
import { audit } from "~/auth/audit.server";
import { personName } from "~/domain/audit-change";
import { listAchievementTitles } from "~models/achievement.server";
import { DOCUMENT_KINDS, listStudentCredentials } from "~models/document.server";
import { fullName, type Student } from "~models/student.server";
import type { PublicUser } from "~models/user.server";

/** A student's issued credentials as the family's and the school's pages list them, newest first; the read is logged. */
export async function readIssuedCredentials(request: Request, user: PublicUser, student: Student) {
  const schoolId = student.schoolId as Types.ObjectId;
  const [issued] = await Promise.all([
    listStudentCredentials({ schoolId, studentId: student._id }),
    audit(request, user, {
      action: "read",
      entity: "student",
      entityId: String(student._id),
      studentId: student._id,
      summary: `цифровые бейджи: ${fullName(student)}`,
    }),
  ]);
  const badges = issued.filter((d) => d.kind === "badge" && d.credential?.achievementIds.length);
  const titles = new Map(
    (await listAchievementTitles({ schoolId, ids: badges.map((d) => d.credential!.achievementIds[0]) })).map((a) => [String(a._id), a.title])
  );
  return issued.map((d) => ({
    id: String(d._id),
    code: d.code,
    kind: DOCUMENT_KINDS[d.kind as keyof typeof DOCUMENT_KINDS],
    what:
      d.kind === "clr"
        ? `${d.credential?.achievementIds.length ?? 0} дост. за ${d.years.join(", ")}`
        : titles.get(String(d.credential?.achievementIds[0])) ?? "достижение",
    named: d.credential?.named ?? false,
    issuedAt: d.issuedAt,
    issuedByName: personName(d.issuedByName),
    withdrawnAt: d.withdrawnAt ?? null,
    withdrawReason: d.withdrawReason,
  }));
}
