import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { TableBox } from "~/components/table-box";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { can, type RouteAccess } from "~/auth/permissions";
import { PeriodSelect, YearSelect } from "~/components/period-select";
import { formatMeasure } from "~/domain/measures";
import { requestedReport } from "~/quality/report.server";
import { reportTables } from "~/quality/tables";

export const access: RouteAccess = "read:quality";
export const meta: MetaFunction = () => [{ title: "Мониторинг качества — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:quality");
  const schoolId = schoolOf(user);
  const found = await requestedReport(schoolId, request);
  if (!found) return null;
  const { choice, report } = found;
  return {
    report,
    years: choice.years.map((y) => y.name),
    options: choice.options,
    query: `year=${encodeURIComponent(choice.year.name)}&period=${choice.period}`,
    canManage: can(user.roles, "export:indicators"),
  };
}

/** Success and quality of each class as bars: what a deputy director looks at first. */
function ClassBars({ rows }: { rows: { label: string; successRate: number | null; quality: number | null }[] }) {
  const plot = 22 * rows.length;
  const height = plot + 40;
  return (
    <svg viewBox={`0 0 520 ${height}`} width="100%" style={{ maxWidth: 640 }} role="img" aria-label="Успеваемость и качество знаний по классам">
      {/* The percent axis under the bars, with its grid. */}
      {[0, 25, 50, 75, 100].map((tick) => (
        <g key={tick}>
          <line x1={70 + tick * 4} x2={70 + tick * 4} y1={0} y2={plot} stroke={tick === 0 ? "#777" : "#e2e2e2"} />
          <text x={70 + tick * 4} y={plot + 12} fontSize="11" textAnchor="middle" fill="#444">
            {tick}
          </text>
        </g>
      ))}
      {rows.map((r, i) => (
        <g key={r.label} transform={`translate(0 ${i * 22})`}>
          <text x="0" y="14" fontSize="12">
            {r.label}
          </text>
          <rect x="70" y="3" height="7" width={(r.successRate ?? 0) * 4} fill="#4f81bd" />
          <rect x="70" y="11" height="7" width={(r.quality ?? 0) * 4} fill="#9bbb59" />
          <text x={74 + Math.max(r.successRate ?? 0, r.quality ?? 0) * 4} y="15" fontSize="11" fill="#444">
            {formatMeasure(r.successRate)} / {formatMeasure(r.quality)}
          </text>
        </g>
      ))}
      <text x="70" y={height - 4} fontSize="11" fill="#2f5f9a">
        ■ успеваемость, %
      </text>
      <text x="220" y={height - 4} fontSize="11" fill="#5d7a2f">
        ■ качество знаний, %
      </text>
    </svg>
  );
}

export default function QualityReportPage() {
  const data = useLoaderData<typeof loader>();
  if (!data) return <p>В школе нет учебного года.</p>;
  const { report, years, options, query, canManage } = data;
  const tables = reportTables(report);
  return (
    <>
      <h1>Мониторинг качества образования</h1>
      <p className="muted">
        Внутришкольный мониторинг (положение о ВСОКО): предметные, метапредметные и личностные результаты по классам и параллелям, с изменением к предыдущему
        периоду и к прошлому году. Только сводные числа — без имён обучающихся.
      </p>
      <Form method="get" className="toolbar">
        <YearSelect years={years} value={report.year} />
        <PeriodSelect periods={options} value={report.period} />
        <button type="submit">Показать</button>
        <a href={`/quality.pdf?${query}`}>PDF для печати</a>
        <a href={`/quality.xlsx?${query}`}>XLSX</a>
        {canManage ? (
          <>
            <a href="/quality/indicators.json">Показатели для муниципалитета</a>
            <Link to="/quality/programme">Отчёт о программе качества</Link>
          </>
        ) : null}
      </Form>
      {report.measures.school.now.n === 0 ? (
        <p className="card">
          За этот период ({report.periodLabel}, {report.year}) итоговые отметки ещё не загружены ни для одного класса, поэтому предметные результаты пусты.
          Загрузите их на странице «Загрузка отметок» или выберите период, за который они есть.
        </p>
      ) : null}
      {report.measures.classes.some((r) => r.now.n > 0) ? (
        <ClassBars rows={report.measures.classes.map((r) => ({ label: r.label, successRate: r.now.successRate, quality: r.now.quality }))} />
      ) : null}
      {tables.map((t) => (
        <section key={t.title}>
          <h2>{t.title}</h2>
          <p className="muted">{t.note}</p>
          {t.rows.length === 0 ? (
            <p className="muted">Нет данных за этот период.</p>
          ) : (
            <TableBox label={t.title}>
              <thead>
                <tr>
                  {t.header.map((h) => (
                    <th key={h}>{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {t.rows.map((row, i) => (
                  <tr key={i} style={t.totals && i >= t.rows.length - t.totals ? { fontWeight: 600 } : undefined}>
                    {row.map((cell, j) => (
                      <td key={j} className={j ? "num" : undefined}>
                        {cell.text}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </TableBox>
          )}
        </section>
      ))}
    </>
  );
}
