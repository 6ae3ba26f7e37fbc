// A family's first page: a card per child with what matters at a glance — the latest confirmed
// achievements, what the family proposed and its state, the extracts asked for, and where the
// marks are heading.
import type { Types } from "mongoose";
import { audit } from "~/auth/audit.server";
import { schoolOf } from "~/auth/access.server";
import { extractsOfStudent } from "~/documents/extracts.server";
import { studentResults } from "~/results/trajectories.server";
import { listFamilyProposals, listStudentAchievements } from "~models/achievement.server";
import { fullName, listChildrenOf } from "~models/student.server";
import type { PublicUser } from "~models/user.server";

export async function familyHome(request: Request, user: PublicUser) {
  const schoolId = schoolOf(user);
  const children = await listChildrenOf(schoolId, user._id);
  return Promise.all(
    children.map(async (child) => {
      const studentId = child._id as Types.ObjectId;
      const [verified, proposals, extracts, results] = await Promise.all([
        listStudentAchievements(schoolId, studentId, { verifiedOnly: true }),
        listFamilyProposals({ schoolId, studentId }),
        extractsOfStudent(user, studentId),
        studentResults(schoolId, studentId),
        audit(request, user, { action: "read", entity: "student", entityId: String(studentId), studentId, summary: `главная семьи: ${fullName(child)}` }),
      ]);
      return {
        id: String(studentId),
        name: fullName(child),
        latest: verified.slice(0, 3).map((a) => ({ id: String(a._id), title: a.title, date: a.date })),
        verifiedCount: verified.length,
        onReview: proposals.filter((p) => p.status === "submitted").length,
        refused: proposals.filter((p) => p.status === "rejected").length,
        extracts: extracts.slice(0, 3).map((e) => ({ id: e.id, state: e.state, stateLabel: e.stateLabel, requestedAt: e.requestedAt })),
        marks: { labels: results.labels, values: results.overall.values, label: results.overall.label, direction: results.overall.direction, reason: results.overall.reason },
      };
    }),
  );
}
