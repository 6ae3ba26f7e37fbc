import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { TableBox } from "~/components/table-box";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { PeriodSelect, YearSelect } from "~/components/period-select";
import { formatMeasure } from "~/domain/measures";
import { previousPeriod, schoolDashboard, type DashboardRow } from "~/results/dashboard.server";
import { periodOptions } from "~/results/periods";
import { reportPeriod } from "~/results/report-period.server";
import { riskList } from "~/results/risk.server";
import { getCurrentYear, listYears } from "~models/academic-year.server";
import { findClasses, type SchoolClass } from "~models/class.server";

export const access: RouteAccess = "read:dashboard";
export const meta: MetaFunction = () => [{ title: "Итоги периода — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:dashboard");
  const schoolId = schoolOf(user);
  const years = await listYears(schoolId);
  const requestedYear = new URL(request.url).searchParams.get("year");
  const year = years.find((y) => y.name === requestedYear) ?? (await getCurrentYear(schoolId)) ?? years[0];
  if (!year) return null;
  const previousYear = years.find((y) => y.startDate < year.startDate) ?? null;
  const [classes, previousClasses] = await Promise.all([
    findClasses({ schoolId, yearId: year._id }),
    previousYear ? findClasses({ schoolId, yearId: previousYear._id }) : Promise.resolve([] as SchoolClass[]),
  ]);
  const period = await reportPeriod(
    schoolId,
    periodOptions(year),
    classes.map((c) => c._id),
    new URL(request.url).searchParams.get("period")
  );
  const before = previousPeriod(period, year, previousYear);
  const dashboard = await schoolDashboard(schoolId, classes, previousClasses, period, before);
  const risk = year.current ? (await riskList(schoolId, year._id, classes)).length : null;
  return { years: years.map((y) => y.name), year: year.name, periods: periodOptions(year), period, hasBefore: !!before, risk, ...dashboard };
}

function Change({ now, before }: { now: number | null; before: number | null | undefined }) {
  if (now === null || before === null || before === undefined) return null;
  const delta = now - before;
  if (Math.abs(delta) < 0.05) return <span className="muted"> (=)</span>;
  return (
    <span className={delta > 0 ? "direction-rising" : "direction-falling"}>
      {" "}
      ({delta > 0 ? "+" : "−"}
      {formatMeasure(Math.abs(delta))})
    </span>
  );
}

function Bar({ value }: { value: number | null }) {
  return <span className="bar" style={{ width: `${Math.max(0, Math.min(100, value ?? 0))}%` }} aria-hidden />;
}

function Rows({ rows, period }: { rows: DashboardRow[]; period: string }) {
  return (
    <>
      {rows.map((r) => (
        <tr key={r.label}>
          <td>{r.classId ? <Link to={`/classes/${r.classId}/summary?period=${period}`}>{r.label}</Link> : r.label}</td>
          <td className="num">{r.now.n || "—"}</td>
          <td className="bar-cell">
            <Bar value={r.now.successRate} />
            <span>
              {formatMeasure(r.now.successRate)}
              <Change now={r.now.successRate} before={r.before?.successRate} />
            </span>
          </td>
          <td className="bar-cell">
            <Bar value={r.now.quality} />
            <span>
              {formatMeasure(r.now.quality)}
              <Change now={r.now.quality} before={r.before?.quality} />
            </span>
          </td>
          <td className="num">
            {formatMeasure(r.now.average, 2)}
            <Change now={r.now.average} before={r.before?.average} />
          </td>
        </tr>
      ))}
    </>
  );
}

export default function SchoolDashboard() {
  const data = useLoaderData<typeof loader>();
  if (!data) return <p className="card">Учебные годы не заданы.</p>;
  const periodLabel = data.periods.find((p) => p.key === data.period)?.label;
  return (
    <>
      <h1>
        Итоги: {periodLabel}, {data.year}
      </h1>
      <Form method="get" className="toolbar">
        <YearSelect years={data.years} value={data.year} />
        <PeriodSelect periods={data.periods} value={data.period} />
        <button type="submit" className="secondary">
          Показать
        </button>
      </Form>
      <p className="muted">
        Успеваемость и качество знаний — доля обучающихся с отметками за период (их число — в столбце «Обучающихся»); в скобках — изменение к предыдущему
        периоду
        {data.hasBefore ? "" : " (предыдущего периода нет)"}.{data.risk !== null ? ` В группе риска сейчас: ${data.risk}.` : ""} Класс открывает свою сводную
        ведомость.
      </p>
      {data.school.now.n === 0 ? (
        <p className="card">
          За этот период ({periodLabel}, {data.year}) итоговые отметки ещё не загружены ни для одного класса, поэтому в таблице прочерки. Загрузите их на
          странице «Загрузка отметок» или выберите период, за который они есть.
        </p>
      ) : null}
      <TableBox label="Итоги по классам и параллелям" className="dashboard">
        <thead>
          <tr>
            <th>Класс</th>
            <th className="num">Обучающихся</th>
            <th>Успеваемость, %</th>
            <th>Качество знаний, %</th>
            <th className="num">Средний балл</th>
          </tr>
        </thead>
        <tbody>
          <Rows rows={data.classes} period={data.period} />
        </tbody>
        <tbody className="totals">
          <Rows rows={[...data.grades, data.school]} period={data.period} />
        </tbody>
      </TableBox>
    </>
  );
}
