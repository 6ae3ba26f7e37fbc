import type { Types } from "mongoose";
import { personName } from "~/domain/audit-change";
import { listAchievementTitles } from "~models/achievement.server";
import { DOCUMENT_KINDS, listStudentCredentials } from "~models/document.server";

/** A student's issued credentials as the family's and the school's pages list them, newest first. */
export async function issuedCredentialRows({ schoolId, studentId }: { schoolId: Types.ObjectId; studentId: Types.ObjectId }) {
  const issued = await listStudentCredentials({ schoolId, studentId });
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
