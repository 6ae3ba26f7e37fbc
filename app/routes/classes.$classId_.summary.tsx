import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { TableBox } from "~/components/table-box";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUserWithPermission } from "~/auth/access.server";
import { can, type RouteAccess } from "~/auth/permissions";
import { PeriodSelect } from "~/components/period-select";
import { formatDateTime, pluralRu } from "~/domain/format";
import { markLabel, isFailing } from "~/domain/marks";
import { type PeriodMark } from "~models/vocabulary/marks";
import { formatMeasure, formatPlan } from "~/domain/measures";
import { periodMarkJustified } from "~/domain/risk";
import { periodOptions } from "~/results/periods";
import { readClassSummary } from "~/results/summary.server";
import { className } from "~models/class.server";

export const access: RouteAccess = "read:classes";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Сводная ведомость ${data?.className ?? ""} — Реестр достижений` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:classes");
  const { schoolClass, year, period, summary } = await readClassSummary(request, user, params.classId ?? "");
  return {
    classId: String(schoolClass._id),
    className: className(schoolClass),
    year: year.name,
    periods: periodOptions(year, schoolClass.grade),
    period,
    canImport: can(user.roles, "write:results"),
    canSeeSchool: can(user.roles, "read:dashboard"),
    ...summary,
  };
}

/** How many students a share stands for: «1 из 1 обучающегося», so that 100 % of one reads as one. */
const countOf = (share: number | null, n: number) =>
  `${Math.round(((share ?? 0) * n) / 100)} из ${pluralRu(n, ["обучающегося", "обучающихся", "обучающихся"])}`;

const cell = (mark: PeriodMark | null) => (mark === null ? "" : markLabel(mark));

export default function ClassSummaryPage() {
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const periodLabel = data.periods.find((p) => p.key === data.period)?.label ?? "";
  return (
    <>
      <p>
        <Link to={`/classes/${data.classId}`}>← {data.className} класс</Link>
        {data.canSeeSchool ? (
          <>
            {" · "}
            <Link to={`/school?year=${encodeURIComponent(data.year)}&period=${data.period}`}>Итоги школы за период</Link>
          </>
        ) : null}
      </p>
      <h1>
        Сводная ведомость: {data.className} класс, {periodLabel} <span className="muted">({data.year})</span>
      </h1>
      {params.get("imported") ? <p className="notice">Отметки загружены.</p> : null}
      <Form method="get" className="toolbar">
        <PeriodSelect periods={data.periods} value={data.period} />
        <button type="submit" className="secondary">
          Показать
        </button>
        {data.loaded ? (
          <a className="button secondary" href={`/classes/${data.classId}/summary.xlsx?period=${data.period}`}>
            Скачать XLSX
          </a>
        ) : null}
        {data.loaded ? (
          <a className="button secondary" href={`/classes/${data.classId}/summary.pdf?period=${data.period}`}>
            Скачать PDF
          </a>
        ) : null}
        {data.canImport ? (
          <Link className="button secondary" to={`/results/import?class=${data.classId}&period=${data.period}`}>
            Загрузить отметки
          </Link>
        ) : null}
        {data.canImport ? (
          <Link className="button secondary" to={`/classes/${data.classId}/marks?period=${data.period}`}>
            Ввести или исправить
          </Link>
        ) : null}
      </Form>
      {!data.loaded ? (
        <p className="card">Отметки за этот период ещё не загружены.</p>
      ) : (
        <>
          <p className="muted">
            Загружено: {formatDateTime(data.loadedAt)}.{" "}
            {data.currentLoaded
              ? `Отметки в рамке подкреплены меньше чем ${data.minCurrent} текущими отметками.`
              : "Текущие отметки за период не загружены: обоснованность итоговых не проверена."}
          </p>
          <TableBox label="Сводная ведомость" className="summary">
            <thead>
              <tr>
                <th>Обучающийся</th>
                {data.subjects.map((s) => (
                  <th key={s.id} className="num" title={s.name}>
                    {s.name}
                  </th>
                ))}
                <th className="num">Пропущено (без уваж.)</th>
              </tr>
            </thead>
            <tbody>
              {data.students.map((st) => (
                <tr key={st.id}>
                  <td>
                    <Link to={`/students/${st.id}`}>{st.name}</Link>
                  </td>
                  {st.marks.map((m, i) => {
                    const backing = st.backing[i];
                    const unjustified = backing !== null && !periodMarkJustified(backing, data.minCurrent) && !st.credited[i];
                    return (
                      <td
                        key={i}
                        className={`num${m !== null && isFailing(m) ? " error" : ""}${unjustified ? " unjustified" : ""}${st.credited[i] ? " credited" : ""}`}
                        title={
                          st.credited[i]
                            ? "зачтено по решению школы о зачёте результатов"
                            : backing === null
                            ? undefined
                            : `текущих отметок: ${backing}${unjustified ? ` — меньше ${data.minCurrent}` : ""}`
                        }
                      >
                        {cell(m)}
                      </td>
                    );
                  })}
                  <td className="num">{st.absences === null ? "" : `${st.absences}${st.unexcused !== null ? ` (${st.unexcused})` : ""}`}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              {(
                [
                  ["Отметок (N)", (m) => String(m.n)],
                  ["Средний балл", (m) => formatMeasure(m.average, 2)],
                  ["Успеваемость, %", (m) => formatMeasure(m.successRate)],
                  ["Качество знаний, %", (m) => formatMeasure(m.quality)],
                  ["СОУ, %", (m) => formatMeasure(m.sou)],
                ] as [string, (m: (typeof data.subjects)[number]["measures"]) => string][]
              ).map(([label, value]) => (
                <tr key={label}>
                  <th>{label}</th>
                  {data.subjects.map((s) => (
                    <td key={s.id} className="num">
                      {value(s.measures)}
                    </td>
                  ))}
                  <td />
                </tr>
              ))}
              {data.subjects.some((s) => s.plan) ? (
                <tr>
                  <th>Проведено уроков из запланированных</th>
                  {data.subjects.map((s) => (
                    <td key={s.id} className="num">
                      {formatPlan(s.plan)}
                    </td>
                  ))}
                  <td />
                </tr>
              ) : null}
            </tfoot>
          </TableBox>
          {data.students.some((st) => st.credited.some(Boolean)) ? (
            <p className="muted">Подчёркнутые отметки зачтены по решению школы (результаты других организаций).</p>
          ) : null}
          {data.specialConditions.length ? (
            <div className="card">
              <h2 style={{ marginTop: 0 }}>Особые условия аттестации (ГИР)</h2>
              <ul>
                {data.specialConditions.map((c, i) => (
                  <li key={i}>
                    {c.student}: {c.subjects.join(", ")} — {c.conditions} ({c.order})
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <h2>По классу</h2>
          <dl className="facts card">
            <dt>Обучающихся с отметками</dt>
            <dd>{data.measures.n}</dd>
            <dt>Успеваемость</dt>
            <dd>
              {formatMeasure(data.measures.successRate)} % — {countOf(data.measures.successRate, data.measures.n)} (без «2», «н/а» и «незач» по всем предметам)
            </dd>
            <dt>Качество знаний</dt>
            <dd>
              {formatMeasure(data.measures.quality)} % — {countOf(data.measures.quality, data.measures.n)} (только «4» и «5»)
            </dd>
            <dt>Средний балл</dt>
            <dd>{formatMeasure(data.measures.average, 2)}</dd>
          </dl>
        </>
      )}
    </>
  );
}
