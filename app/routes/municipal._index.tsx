import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { getCurrentYear } from "~models/academic-year.server";
import { ClassModel } from "~models/class.server";
import { listSchools } from "~models/school.server";
import { countStudents } from "~models/student.server";

export const access: RouteAccess = "read:municipal";
export const meta: MetaFunction = () => [{ title: "Показатели школ — Реестр достижений" }];

/** Counts per school only: a municipal specialist never sees a person (seed 003). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "read:municipal");
  const schools = await listSchools();
  const rows = await Promise.all(
    schools.map(async (school) => {
      const year = await getCurrentYear(school._id);
      return {
        id: String(school._id),
        name: school.shortName,
        municipality: school.municipality,
        year: year?.name ?? "—",
        students: await countStudents(school._id),
        classes: year ? await ClassModel.countDocuments({ schoolId: school._id, yearId: year._id }) : 0,
      };
    }),
  );
  return { schools: rows };
}

export default function Municipal() {
  const { schools } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Показатели школ</h1>
      <p className="muted">Сводные данные по школам муниципалитета, без персональных данных обучающихся.</p>
      <table className="data">
        <thead>
          <tr>
            <th>Школа</th>
            <th>Муниципалитет</th>
            <th>Учебный год</th>
            <th className="num">Классов</th>
            <th className="num">Обучающихся</th>
          </tr>
        </thead>
        <tbody>
          {schools.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>{s.municipality}</td>
              <td>{s.year}</td>
              <td className="num">{s.classes}</td>
              <td className="num">{s.students}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
