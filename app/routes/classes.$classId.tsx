import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { includesId, ledClassIds, notFound, reachableClassIds, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import { can, type RouteAccess } from "~/auth/permissions";
import { formatDate } from "~/domain/format";
import { getYear } from "~models/academic-year.server";
import { className, getClass } from "~models/class.server";
import { fullName, listStudentsOfClasses } from "~models/student.server";
import { countByStudent } from "~models/achievement.server";

export const access: RouteAccess = "read:classes";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.name ?? "Класс"} — Реестр достижений` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:classes");
  const schoolId = schoolOf(user);
  const schoolClass = await getClass(schoolId, params.classId ?? "");
  if (!schoolClass) notFound();
  const reach = await reachableClassIds(user);
  if (!includesId(reach, schoolClass._id)) notFound();
  const year = await getYear({ schoolId, yearId: schoolClass.yearId });
  const students = await listStudentsOfClasses(schoolId, [schoolClass._id]);
  const counts = await countByStudent(schoolId, students.map((s) => s._id));
  await audit(request, user, { action: "read", entity: "class", entityId: String(schoolClass._id), summary: `список ${className(schoolClass)} класса` });
  return {
    id: String(schoolClass._id),
    name: className(schoolClass),
    year: year?.name ?? "",
    canExport: can(user.roles, "export:portfolios") && includesId(await ledClassIds(user), schoolClass._id),
    students: students.map((s, i) => {
      const c = counts.get(String(s._id));
      return { n: i + 1, id: String(s._id), name: fullName(s), birthDate: s.birthDate, left: !!s.leftAt, verified: c?.verified ?? 0, submitted: c?.submitted ?? 0, total: c ? c.draft + c.submitted + c.verified + c.rejected : 0 };
    }),
  };
}

export default function ClassPage() {
  const { id, name, year, students, canExport } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>
        {name} класс <span className="muted">({year})</span>
      </h1>
      <p className="toolbar">
        <Link to={`/classes/${id}/summary`}>Сводная ведомость и показатели</Link>
        {canExport ? <Link to={`/classes/${id}/portfolios`}>Портфолио класса одним архивом (ZIP)</Link> : null}
      </p>
      <table className="data">
        <thead>
          <tr>
            <th className="num">№</th>
            <th>Обучающийся</th>
            <th>Дата рождения</th>
            <th className="num">Достижений подтверждено</th>
            <th className="num">На проверке</th>
            <th className="num">Всего</th>
          </tr>
        </thead>
        <tbody>
          {students.map((s) => (
            <tr key={s.id}>
              <td className="num">{s.n}</td>
              <td>
                <Link to={`/students/${s.id}`}>{s.name}</Link> {s.left ? <span className="badge off">выбыл(а)</span> : null}
              </td>
              <td>{formatDate(s.birthDate)}</td>
              <td className="num">{s.verified}</td>
              <td className="num">{s.submitted || ""}</td>
              <td className="num">{s.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
