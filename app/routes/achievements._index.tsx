import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { KINDS, type Kind } from "~models/vocabulary/achievement-kinds";
import { requireUserWithPermission, schoolOf, verifiableStudentIds } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { formatDate } from "~/domain/format";
import { listSubmitted } from "~models/achievement.server";
import { fullName, listStudentNames } from "~models/student.server";
import { closedYearNames } from "~models/academic-year.server";

export const access: RouteAccess = "verify:achievements";
export const meta: MetaFunction = () => [{ title: "На проверке — Реестр достижений" }];

/** What waits for this person's verification: their class's (the admin: the school's) submitted achievements. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "verify:achievements");
  const schoolId = schoolOf(user);
  const items = await listSubmitted(schoolId, await verifiableStudentIds(user), await closedYearNames(schoolId));
  const students = await listStudentNames({ schoolId, studentIds: items.map((a) => a.studentId) });
  const nameOf = new Map(students.map((s) => [String(s._id), fullName(s)]));
  return {
    items: items.map((a) => ({
      id: String(a._id),
      student: nameOf.get(String(a.studentId)) ?? "",
      studentId: String(a.studentId),
      kind: KINDS[a.kind as Kind].label,
      title: a.title,
      date: a.date,
      files: a.evidence.length,
      by: a.createdByName,
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
        <table className="data">
          <thead>
            <tr>
              <th>Обучающийся</th>
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
                <td>
                  <Link to={`/achievements/${a.id}`}>{a.title}</Link>
                  <div className="muted">
                    {a.kind}
                    {a.correction ? " · исправление" : ""}
                  </div>
                </td>
                <td>{formatDate(a.date)}</td>
                <td className="num">{a.files}</td>
                <td>{a.by}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
