import { audit } from "~/auth/audit.server";
import { formatDate } from "~/domain/format";
import { notFound, reachableStudentIds, schoolOf } from "~/auth/access.server";
import { className } from "~models/class.server";
import { fullName, getStudent } from "~models/student.server";
import { listUserNames, type PublicUser } from "~models/user.server";
import { listStudentAchievements } from "~models/achievement.server";
import { KINDS, isKind, type Kind } from "~models/vocabulary/achievement-kinds";
import { can } from "~/auth/permissions";
import { studentResults } from "~/results/trajectories.server";
import { readEnrolmentHistory } from "~/results/series.server";
import { getGiftedRecords } from "~models/gifted.server";
import { creditsOfStudent } from "~/credits/applications.server";
import { ASSESSMENT_KINDS } from "~models/vocabulary/assessment-kinds";
import { describeResult, egeMinimum } from "~/domain/exam-results";
import { externalResultsOf, getEgeMinimums } from "~models/assessment.server";

/**
 * A student's record for whoever may read it (404 for anyone else), with the read written to the
 * audit log: staff pages and family pages both come through here.
 */
export async function readStudentRecord(request: Request, user: PublicUser, studentId: string) {
  const schoolId = schoolOf(user);
  const student = await getStudent(schoolId, studentId, await reachableStudentIds(user));
  if (!student) notFound();
  const family = user.roles.includes("parent") || user.roles.includes("student");
  // Independent reads side by side: each is a round trip to the database. The class history is
  // read once, for the page and for the results' series.
  const history = readEnrolmentHistory(schoolId, [student._id]);
  const [, { enrolments, classes, years }, results, all, representatives, gifted, credits, external] = await Promise.all([
    audit(request, user, { action: "read", entity: "student", entityId: studentId, studentId: student._id, summary: fullName(student) }),
    history.whole,
    studentResults(schoolId, student._id, history),
    listStudentAchievements(schoolId, student._id, { verifiedOnly: family }),
    listUserNames({ schoolId, userIds: student.representativeIds }),
    getGiftedRecords(schoolId, [student._id]).then((records) => records.get(String(student._id)) ?? null),
    creditsOfStudent(user, student._id),
    externalResultsOf(schoolId, student._id),
  ]);
  // The ЕГЭ minimums are read only for a student who sat ЕГЭ: most records need no such round trip.
  const minimums = external.some((set) => set.kind === "ege") ? await getEgeMinimums() : {};
  // Newest first, on a copy: the results' series reads the same years oldest first.
  const classHistory = [...years]
    .sort((a, b) => b.startDate.getTime() - a.startDate.getTime())
    .map((year) => {
      // A student moved mid-year was in two classes: both, in order, with the day of the move.
      const ofYear = enrolments
        .filter((e) => String(e.yearId) === String(year._id))
        .sort((a, b) => (a.from?.getTime() ?? 0) - (b.from?.getTime() ?? 0));
      const names = ofYear.map((e) => {
        const schoolClass = classes.find((c) => String(c._id) === String(e.classId));
        const name = schoolClass ? className(schoolClass) : "—";
        if (ofYear.length === 1) return name;
        return e.until ? `${name} (до ${formatDate(e.until)})` : `${name} (с ${formatDate(e.from)})`;
      });
      const now = ofYear.find((e) => !e.until) ?? ofYear.at(-1);
      return { year: year.name, current: year.current, className: names.join(" → ") || "—", classId: String(now?.classId ?? "") };
    });
  const params = new URL(request.url).searchParams;
  const filter = {
    kind: isKind(params.get("kind")) ? (params.get("kind") as Kind) : "",
    year: /^\d{4}\/\d{4}$/.test(params.get("year") ?? "") ? params.get("year")! : "",
    status: ["draft", "submitted", "verified", "rejected"].includes(params.get("status") ?? "") ? params.get("status")! : "",
  };
  const shown = all.filter((a) => (!filter.kind || a.kind === filter.kind) && (!filter.year || a.academicYear === filter.year) && (!filter.status || a.status === filter.status));
  const countBy = <T extends string>(key: (a: (typeof all)[number]) => T) =>
    all.reduce<Record<string, number>>((acc, a) => ({ ...acc, [key(a)]: (acc[key(a)] ?? 0) + 1 }), {});
  return {
    student: {
      id: String(student._id),
      name: fullName(student),
      birthDate: student.birthDate,
      enrolledAt: student.enrolledAt,
      leftAt: student.leftAt,
      leftTo: student.leftTo ?? "",
    },
    history: classHistory,
    representatives: representatives.map((r) => fullName(r)),
    achievements: {
      filter,
      total: all.length,
      byKind: Object.entries(countBy((a) => a.kind)).map(([kind, n]) => ({ kind, label: KINDS[kind as Kind].label, n })),
      byStatus: countBy((a) => a.status),
      years: [...new Set(all.map((a) => a.academicYear))].sort().reverse(),
      items: shown.map((a) => ({
        id: String(a._id),
        kind: a.kind as Kind,
        kindLabel: KINDS[a.kind as Kind].label,
        title: a.title,
        date: a.date,
        academicYear: a.academicYear,
        status: a.status as "draft" | "submitted" | "verified" | "rejected",
        version: a.version,
        correction: !!a.supersedes && a.status !== "verified",
        files: a.evidence.map((e) => ({ id: String(e.fileId), name: e.name, type: e.type, size: e.size })),
      })),
    },
    // What the school recorded about the gifted register (seed 004 §3.4), cancelled entries left out.
    gifted: {
      inclusions: (gifted?.inclusions ?? []).filter((i) => !i.cancelledAt).map((i) => ({ schoolYear: i.schoolYear, includedOn: i.includedOn, reference: i.reference })),
      conditions: (gifted?.conditions ?? []).filter((c) => !c.cancelledAt).map((c) => ({ schoolYear: c.schoolYear, subjects: c.subjects, conditions: c.conditions, order: c.order })),
    },
    canGifted: can(user.roles, "manage:gifted"),
    // Results of other organisations credited by the school (seed 004 §5): decisions in force.
    credits: credits.filter((c) => c.decision).map((c) => ({ id: c.id, subject: c.subject, programme: c.programme, organisation: c.organisation, state: c.stateLabel, decidedAt: c.decision!.decidedAt, act: c.decision!.act })),
    // ВПР, ОГЭ, ГВЭ, ЕГЭ: the student's own rows only.
    external: external.flatMap((set) =>
      set.rows.map((r) => ({
        year: set.schoolYear,
        kind: ASSESSMENT_KINDS[set.kind].label,
        grade: r.grade,
        subject: r.subject,
        result: describeResult(set.kind, r.subject, r.mark, r.points, set.kind === "ege" ? egeMinimum(minimums, set.schoolYear, r.subject) : null),
      })),
    ),
    canAdd: can(user.roles, "write:achievements"),
    canSupport: can(user.roles, "write:support"),
    results,
  };
}

export type StudentRecord = Awaited<ReturnType<typeof readStudentRecord>>;
