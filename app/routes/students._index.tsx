import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { includesId, reachableStudentIds, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { formatDate } from "~/domain/format";
import { getCurrentYear } from "~models/academic-year.server";
import { className, findClasses } from "~models/class.server";
import { fullName, listStudentsOfClasses } from "~models/student.server";
import { TableBox } from "~/components/table-box";

export const access: RouteAccess = "read:students";
export const meta: MetaFunction = () => [{ title: "Обучающиеся — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:students");
  const schoolId = schoolOf(user);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 60);
  const year = await getCurrentYear(schoolId);
  if (!year) return { q, students: [] };
  const classes = await findClasses({ schoolId, yearId: year._id });
  const reach = await reachableStudentIds(user);
  const all = await listStudentsOfClasses(schoolId, classes.map((c) => c._id));
  const needle = q.toLocaleLowerCase("ru").replaceAll("ё", "е");
  const students = all
    .filter((s) => includesId(reach, s._id))
    .filter((s) => !needle || fullName(s).toLocaleLowerCase("ru").replaceAll("ё", "е").includes(needle));
  return {
    q,
    students: students.map((s) => ({
      id: String(s._id),
      name: fullName(s),
      birthDate: s.birthDate,
      className: className(classes.find((c) => String(c._id) === String(s.classId))!),
    })),
  };
}

export default function Students() {
  const { q, students } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Обучающиеся</h1>
      <Form method="get" className="toolbar" role="search">
        <label>
          Поиск по ФИО
          <input name="q" defaultValue={q} placeholder="например, Ёлкин" />
        </label>
        <button type="submit">Найти</button>
      </Form>
      <p className="muted">Найдено: {students.length}</p>
      <TableBox label="Обучающиеся">
        <thead>
          <tr>
            <th>Обучающийся</th>
            <th>Класс</th>
            <th>Дата рождения</th>
          </tr>
        </thead>
        <tbody>
          {students.map((s) => (
            <tr key={s.id}>
              <td>
                <Link to={`/students/${s.id}`}>{s.name}</Link>
              </td>
              <td>{s.className}</td>
              <td>{formatDate(s.birthDate)}</td>
            </tr>
          ))}
        </tbody>
      </TableBox>
    </>
  );
}
