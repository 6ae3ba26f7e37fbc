import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { FilterSelect, optionsOf } from "~/components/filter-select";
import { TableBox } from "~/components/table-box";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { getThresholds } from "~models/school.server";
import { riskListFor, type RiskEntry } from "~/results/risk.server";
import { compareClassNames, pluralRu, russianCollator } from "~/domain/format";

export const access: RouteAccess = "read:risk";
export const meta: MetaFunction = () => [{ title: "Группа риска — Реестр достижений" }];

/** Seed 000 §4: who needs support, each with the criteria that fired and the data behind them. */
const SORTS = { class: "по классу", name: "по фамилии", reasons: "больше причин — выше" } as const;
type Sort = keyof typeof SORTS;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:risk");
  const [{ entries: all, classes }, thresholds] = await Promise.all([riskListFor(user), getThresholds(schoolOf(user))]);
  const params = new URL(request.url).searchParams;
  const filter = {
    className: params.get("class") ?? "",
    criterion: params.get("criterion") ?? "",
    sort: (params.get("sort") ?? "") in SORTS ? (params.get("sort") as Sort) : "class",
  };
  const entries = all.filter(
    (e) => (!filter.className || e.className === filter.className) && (!filter.criterion || e.reasons.some((r) => r.criterion === filter.criterion))
  );
  const by: Record<Sort, (a: RiskEntry, b: RiskEntry) => number> = {
    class: (a, b) => compareClassNames(a.className, b.className) || russianCollator.compare(a.name, b.name),
    name: (a, b) => russianCollator.compare(a.name, b.name),
    reasons: (a, b) => b.reasons.length - a.reasons.length || russianCollator.compare(a.name, b.name),
  };
  entries.sort(by[filter.sort]);
  await audit(request, user, { action: "read", entity: "risk", summary: `группа риска: ${entries.length} обучающихся` });
  return {
    entries,
    total: all.length,
    filter,
    classNames: [...new Set(all.map((e) => e.className))].sort(compareClassNames),
    criteria: [...new Map(all.flatMap((e) => e.reasons).map((r) => [r.criterion, r.label])).entries()].map(([code, label]) => ({ code, label })),
    classes: classes.length,
    thresholds,
  };
}

export default function RiskGroup() {
  const { entries, total, filter, classNames, criteria, classes, thresholds } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Группа риска</h1>
      <p className="muted">
        По последнему периоду с отметками: {pluralRu(classes, ["класс", "класса", "классов"])}. Критерии положения о мониторинге (§4.1) и пороги школы: от{" "}
        {thresholds.failingMarks} отметок «2», «н/а», «незач» без роста среднего балла; пропуски без уважительной причины от{" "}
        {Math.round(thresholds.absenceShare * 100)} % уроков; низкий уровень УУД; признаки дезадаптации в наблюдениях специалиста; не меньше{" "}
        {thresholds.failedWorks} контрольных или диагностических работ на «2» или ниже {thresholds.failedWorkPercent} %.
      </p>
      {total ? (
        <Form method="get" className="toolbar" aria-label="Отбор">
          <FilterSelect label="Класс" name="class" value={filter.className} options={classNames.map((c) => ({ value: c, label: c }))} />
          <FilterSelect
            label="Критерий"
            name="criterion"
            value={filter.criterion}
            options={criteria.map((c) => ({ value: c.code, label: c.label }))}
            any="любой"
          />
          <FilterSelect label="Порядок" name="sort" value={filter.sort} options={optionsOf(SORTS)} any={null} />
          <button type="submit" className="secondary">
            Показать
          </button>
          <span className="muted">{entries.length === total ? `Всего: ${total}` : `Показано ${entries.length} из ${total}`}</span>
        </Form>
      ) : null}
      {total === 0 ? <p className="card">Никто из обучающихся не отвечает критериям.</p> : null}
      {total > 0 && entries.length === 0 ? <p className="card">По этому отбору никого нет: выберите другой класс или критерий.</p> : null}
      {entries.length ? (
        <TableBox label="Группа риска">
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
        </TableBox>
      ) : null}
    </>
  );
}
