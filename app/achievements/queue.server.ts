// The verification queue: what waits for this verifier, filtered and sorted as they ask, and several
// entries confirmed at once (each one its own step of the workflow, its own audit line).
import { schoolOf, verifiableStudentIds } from "~/auth/access.server";
import { personName } from "~/domain/audit-change";
import { compareClassNames, russianCollator } from "~/domain/format";
import { Conflict, Refusal } from "~/http/refusals";
import { closedYearNames, getCurrentYear } from "~models/academic-year.server";
import { listSubmitted } from "~models/achievement.server";
import { className, findClasses } from "~models/class.server";
import { fullName, listEnrolmentsOfStudents, listStudentNames } from "~models/student.server";
import type { PublicUser } from "~models/user.server";
import { KINDS, type Kind } from "~models/vocabulary/achievement-kinds";
import { achievementFor, barredAsAuthor } from "./access.server";
import { QUEUE_SORTS, type QueueSort } from "./forms";
import { hasWhatVerificationNeeds } from "./kinds";
import { changeStatus } from "./workflow.server";


export interface QueueFilters {
  className: string;
  kind: string;
  /** «family»: only what families proposed. */
  origin: string;
  sort: QueueSort;
}

export function queueFilters(url: URL): QueueFilters {
  const sort = url.searchParams.get("sort") ?? "";
  return {
    className: url.searchParams.get("class") ?? "",
    kind: url.searchParams.get("kind") ?? "",
    origin: url.searchParams.get("origin") === "family" ? "family" : "",
    sort: sort in QUEUE_SORTS ? (sort as QueueSort) : "waiting",
  };
}

export async function reviewQueue(user: PublicUser, filters: QueueFilters) {
  const schoolId = schoolOf(user);
  const submitted = await listSubmitted(schoolId, await verifiableStudentIds(user), await closedYearNames(schoolId));
  const studentIds = submitted.map((a) => a.studentId);
  const [students, year] = await Promise.all([listStudentNames({ schoolId, studentIds }), getCurrentYear(schoolId)]);
  const nameOf = new Map(students.map((s) => [String(s._id), fullName(s)]));
  // Each student's class now, for the class column and filter.
  const enrolments = year ? (await listEnrolmentsOfStudents({ schoolId, studentIds })).filter((e) => String(e.yearId) === String(year._id) && !e.until) : [];
  const classes = await findClasses({ schoolId, classIds: enrolments.map((e) => e.classId) });
  const classNameOf = new Map(
    enrolments.map((e) => {
      const schoolClass = classes.find((c) => String(c._id) === String(e.classId));
      return [String(e.studentId), schoolClass ? className(schoolClass) : ""];
    }),
  );
  const all = await Promise.all(
    submitted.map(async (a) => {
      const own = await barredAsAuthor(user, a);
      const first = a.evidence[0];
      return {
        id: String(a._id),
        seen: a.updatedAt.toISOString(),
        waitingSince: a.updatedAt,
        student: nameOf.get(String(a.studentId)) ?? "",
        studentId: String(a.studentId),
        className: classNameOf.get(String(a.studentId)) ?? "",
        kindCode: a.kind,
        kind: KINDS[a.kind as Kind].label,
        title: a.title,
        date: a.date,
        files: a.evidence.length,
        preview: first ? { id: String(first.fileId), name: first.name, pdf: first.type === "application/pdf" } : null,
        by: personName(a.createdByName),
        /** Entered by this verifier, and the school's rule has someone else confirm it. */
        own,
        /** Can be confirmed here and now: not barred, with the document §4.7 asks for. */
        confirmable: !own && hasWhatVerificationNeeds(a),
        correction: a.version > 1,
        /** Proposed by the student's family (a parent or the student). */
        family: a.source === "family",
      };
    }),
  );
  const items = all.filter((i) => (!filters.className || i.className === filters.className) && (!filters.kind || i.kindCode === filters.kind) && (!filters.origin || i.family));
  const by: Record<QueueSort, (a: (typeof items)[number], b: (typeof items)[number]) => number> = {
    waiting: (a, b) => a.waitingSince.getTime() - b.waitingSince.getTime(),
    date: (a, b) => b.date.getTime() - a.date.getTime(),
    class: (a, b) => compareClassNames(a.className, b.className) || russianCollator.compare(a.student, b.student),
    student: (a, b) => russianCollator.compare(a.student, b.student) || a.date.getTime() - b.date.getTime(),
  };
  items.sort(by[filters.sort]);
  return {
    items,
    total: all.length,
    classNames: [...new Set(all.map((i) => i.className).filter(Boolean))].sort(compareClassNames),
    kinds: [...new Set(all.map((i) => i.kindCode))].map((code) => ({ code, label: KINDS[code as Kind].label })),
  };
}

/**
 * Confirms each chosen entry as the verifier saw it, one at a time: each is checked and logged as if
 * confirmed on its own page; one that cannot be (changed since, barred, no document) is named with
 * its reason and the others still go through.
 */
export async function confirmMany(request: Request, user: PublicUser, entries: { id: string; seen: string }[]) {
  let confirmed = 0;
  const refused: { title: string; reason: string }[] = [];
  for (const entry of entries) {
    let title = "Достижение";
    try {
      const { achievement, rights } = await achievementFor(user, entry.id);
      title = achievement.title;
      if (!rights.confirm && !rights.ownEntry) throw new Conflict("уже рассмотрено или изменилось — обновите страницу");
      await changeStatus(request, user, achievement, "verify", "", entry.seen);
      confirmed += 1;
    } catch (error) {
      if (error instanceof Response && error.status === 404) refused.push({ title, reason: "не найдено" });
      else if (error instanceof Refusal) refused.push({ title, reason: error.message });
      else throw error;
    }
  }
  return { confirmed, refused };
}
