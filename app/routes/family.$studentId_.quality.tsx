import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { notFound, reachableStudentIds, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { FigureCell } from "~/components/figure-cell";
import { PeriodSelect, YearSelect } from "~/components/period-select";
import { markLabel } from "~/domain/marks";
import { formatMeasure } from "~/domain/measures";
import { familyQuality } from "~/quality/family.server";
import { fullName, getStudent } from "~models/student.server";
import { TableBox } from "~/components/table-box";

export const access: RouteAccess = "read:family";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Результаты и класс: ${data?.student.name ?? ""} — Реестр достижений` }];

/** The family's version of the quality report: their child beside the class, no other child named. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:family");
  const schoolId = schoolOf(user);
  const student = await getStudent(schoolId, params.studentId ?? "", await reachableStudentIds(user));
  if (!student) notFound();
  const report = await familyQuality(schoolId, student._id, new URL(request.url));
  await audit(request, user, { action: "read", entity: "student", entityId: String(student._id), studentId: student._id, summary: `результаты и класс: ${fullName(student)}` });
  return { student: { id: String(student._id), name: fullName(student) }, report };
}

export default function FamilyQuality() {
  const { student, report } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/family/${student.id}`}>← {student.name}</Link>
      </p>
      <h1>Результаты и класс: {student.name}</h1>
      {!report ? (
        <p className="muted">Данных пока нет.</p>
      ) : (
        <>
          <p className="muted">
            Отметки ребёнка рядом со сводными числами класса {report.className} (мониторинг качества школы). Отметки других детей не показываются.
          </p>
          <Form method="get" className="toolbar">
            <YearSelect years={report.years} value={report.year} />
            <PeriodSelect periods={report.options} value={report.period} />
            <button type="submit" data-main-action>
              Показать
            </button>
          </Form>
          <h2>Предметы</h2>
          {!report.loaded ? (
            <p className="muted">Отметки за этот период ещё не загружены.</p>
          ) : (
            <TableBox label="Предметы">
              <thead>
                <tr>
                  <th>Предмет</th>
                  <th className="num">Отметка ребёнка</th>
                  <th className="num">Средний балл класса</th>
                  <th className="num">Качество знаний класса, %</th>
                </tr>
              </thead>
              <tbody>
                {report.subjects.map((s) => (
                  <tr key={s.name}>
                    <td>{s.name}</td>
                    <td className="num">{s.mark === null ? "—" : markLabel(s.mark)}</td>
                    <td className="num">{formatMeasure(s.classAverage, 2)}</td>
                    <td className="num">{formatMeasure(s.classQuality)}</td>
                  </tr>
                ))}
              </tbody>
            </TableBox>
          )}
          <h2>Метапредметные результаты (УУД)</h2>
          <TableBox label="Метапредметные результаты">
            <thead>
              <tr>
                <th>Группа УУД</th>
                <th>Уровень ребёнка</th>
                <th className="num">В классе базовый уровень и выше</th>
              </tr>
            </thead>
            <tbody>
              {report.uud.map((u) => (
                <tr key={u.group}>
                  <td>{u.group}</td>
                  <td>{u.own ?? <span className="muted">диагностики не было</span>}</td>
                  <td className="num">
                    <FigureCell figure={u.classFormed} />
                  </td>
                </tr>
              ))}
            </tbody>
          </TableBox>
          <h2>Личностные результаты</h2>
          <ul>
            <li>Ученическое самоуправление: {report.personal.selfGovernment ? "участвует" : "нет записей"}</li>
            <li>
              Волонтёрство: {report.personal.volunteerHours} ч (в среднем по классу {formatMeasure(report.personal.classVolunteerHours)} ч)
            </li>
            <li>Поощрения: {report.personal.awards}</li>
          </ul>
        </>
      )}
    </>
  );
}
