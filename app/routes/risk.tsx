import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { getThresholds } from "~models/school.server";
import { riskListFor } from "~/results/risk.server";

export const access: RouteAccess = "read:risk";
export const meta: MetaFunction = () => [{ title: "Группа риска — Реестр достижений" }];

/** Seed 000 §4: who needs support, each with the criteria that fired and the data behind them. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:risk");
  const [{ entries, classes }, thresholds] = await Promise.all([riskListFor(user), getThresholds(schoolOf(user))]);
  await audit(request, user, { action: "read", entity: "risk", summary: `группа риска: ${entries.length} обучающихся` });
  return { entries, classes: classes.length, thresholds };
}

export default function RiskGroup() {
  const { entries, classes, thresholds } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Группа риска</h1>
      <p className="muted">
        По последнему периоду с отметками в {classes} класс(ах). Критерии положения о мониторинге (§4.1) и пороги школы: от {thresholds.failingMarks} отметок «2», «н/а»,
        «незач» без роста среднего балла; пропуски без уважительной причины от {Math.round(thresholds.absenceShare * 100)} % уроков; низкий уровень УУД; признаки
        дезадаптации в наблюдениях специалиста; не меньше {thresholds.failedWorks} контрольных или диагностических работ на «2» или ниже {thresholds.failedWorkPercent} %.
      </p>
      {entries.length === 0 ? <p className="card">Никто из обучающихся не отвечает критериям.</p> : null}
      {entries.length ? (
        <table className="data">
          <thead>
            <tr>
              <th>Обучающийся</th>
              <th>Класс</th>
              <th>Причины и данные</th>
              <th>По данным</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.studentId}>
                <td>
                  <Link to={`/students/${e.studentId}`}>{e.name}</Link>
                  <div>
                    <Link to={`/students/${e.studentId}/support`} className="muted">
                      индивидуальный маршрут
                    </Link>
                  </div>
                </td>
                <td>{e.className}</td>
                <td>
                  <ul style={{ margin: 0, paddingLeft: "1.1rem" }}>
                    {e.reasons.map((r, i) => (
                      <li key={i}>
                        <strong>{r.label}</strong>: {r.evidence}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{e.basis ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
