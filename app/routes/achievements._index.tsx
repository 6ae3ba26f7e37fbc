import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { KINDS, type Kind } from "~models/vocabulary/achievement-kinds";
import { requireUserWithPermission, schoolOf, verifiableStudentIds } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { formatDate } from "~/domain/format";
import { listSubmitted } from "~models/achievement.server";
import { fullName, listEnrolmentsOfStudents, listStudentNames } from "~models/student.server";
import { closedYearNames, getCurrentYear } from "~models/academic-year.server";
import { className, findClasses } from "~models/class.server";

export const access: RouteAccess = "verify:achievements";
export const meta: MetaFunction = () => [{ title: "На проверке — Реестр достижений" }];

/** What waits for this person's verification: their class's (the admin: the school's) submitted achievements. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "verify:achievements");
  const schoolId = schoolOf(user);
  const items = await listSubmitted(schoolId, await verifiableStudentIds(user), await closedYearNames(schoolId));
  const studentIds = items.map((a) => a.studentId);
  const [students, year] = await Promise.all([listStudentNames({ schoolId, studentIds }), getCurrentYear(schoolId)]);
  const nameOf = new Map(students.map((s) => [String(s._id), fullName(s)]));
  // Each student's class now, for the queue's class column.
  const enrolments = year ? (await listEnrolmentsOfStudents({ schoolId, studentIds })).filter((e) => String(e.yearId) === String(year._id) && !e.until) : [];
  const classes = await findClasses({ schoolId, classIds: enrolments.map((e) => e.classId) });
  const classOf = new Map(enrolments.map((e) => [String(e.studentId), classes.find((c) => String(c._id) === String(e.classId))]));
  return {
    items: items.map((a) => ({
      id: String(a._id),
      student: nameOf.get(String(a.studentId)) ?? "",
      className: classOf.get(String(a.studentId)) ? className(classOf.get(String(a.studentId))!) : "",
      studentId: String(a.studentId),
      kind: KINDS[a.kind as Kind].label,
      title: a.title,
      date: a.date,
      files: a.evidence.length,
      // The author's name as people know it (the stored line adds the login for the audit's sake).
      by: a.createdByName.replace(/\s*\([^)]*\)$/, ""),
      /** Entered by this verifier: someone else confirms it. */
      own: String(a.createdBy) === String(user._id),
      correction: a.version > 1,
    })),
  };
}

export default function VerificationQueue() {
  const { items } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Достижения на проверке</h1>
      {items.length === 0 ? <p className="card">Нет достижений, ожидающих проверки.</p> : null}
      {items.length ? (
        <div className="table-scroll">
          <table className="data">
            <thead>
              <tr>
                <th>Обучающийся</th>
                <th>Класс</th>
                <th>Достижение</th>
                <th>Дата</th>
                <th className="num">Документов</th>
                <th>Внёс(ла)</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/students/${a.studentId}`}>{a.student}</Link>
                  </td>
                  <td>{a.className}</td>
                  <td>
                    <Link to={`/achievements/${a.id}`}>{a.title}</Link>
                    <div className="muted">
                      {a.kind}
                      {a.correction ? " · исправление" : ""}
                    </div>
                  </td>
                  <td>{formatDate(a.date)}</td>
                  <td className="num">{a.files}</td>
                  <td>
                    {a.by}
                    {a.own ? <div className="muted">внесли вы — подтверждает другой</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
