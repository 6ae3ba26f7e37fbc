import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { notFound, requireUserWithPermission } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { EnteredCell, FigureCell } from "~/components/figure-cell";
import { IndicatorCharts } from "~/components/indicator-chart";
import { COMPUTED_INDICATORS, ENTERED_INDICATORS } from "~/domain/indicators";
import { formatDateTime } from "~/domain/format";
import { enteredFigures, saveEntry, schoolIndicators, threeYears } from "~/municipal/indicators.server";
import { getQualityProgramme } from "~models/municipal.server";
import { fullName } from "~models/student.server";
import { readForm } from "~/http/read-form.server";

export const access: RouteAccess = "read:municipal";
export const meta: MetaFunction = () => [{ title: "Показатели школы — Реестр достижений" }];

async function schoolColumn(request: Request, ref: string | undefined) {
  const years = threeYears(new URL(request.url).searchParams.get("year"));
  const column = await schoolIndicators(years, ref ?? "");
  if (!column) notFound();
  return { years, column };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "read:municipal");
  const { years, column } = await schoolColumn(request, params.schoolRef);
  const programme = column.fromFile ? null : await getQualityProgramme({ schoolId: column.ref });
  return {
    years,
    school: { ref: column.ref, name: column.name, fromFile: column.fromFile },
    figures: column.figures,
    dynamics: column.dynamics,
    entered: Object.fromEntries(years.map((y) => [y, enteredFigures(column.entries[y])])),
    entries: column.entries,
    programme,
  };
}

const count = (value: FormDataEntryValue | null) => {
  const text = String(value ?? "").trim();
  if (text === "") return null;
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 && n <= 100_000 ? n : NaN;
};
const flag = (value: FormDataEntryValue | null) => (value === "yes" ? true : value === "no" ? false : null);

/** Indicators 18–21 of this school for one year, as the specialist found them. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:municipal");
  const { years, column } = await schoolColumn(request, params.schoolRef);
  const form = await readForm(request, context);
  const year = String(form.get("schoolYear") ?? "");
  if (!years.includes(year)) return Response.json({ error: "Выберите учебный год из таблицы" }, { status: 400 });
  const share = (n: 18 | 20) => {
    const numerator = count(form.get(`${n}.numerator`));
    const denominator = count(form.get(`${n}.denominator`));
    if (numerator === null && denominator === null) return null;
    if (numerator === null || denominator === null || Number.isNaN(numerator) || Number.isNaN(denominator)) return `Показатель ${n}: укажите оба числа — целые, от 0`;
    if (numerator > denominator) return `Показатель ${n}: «из них» не может быть больше, чем всего`;
    return { numerator, denominator };
  };
  const [t18, t20] = [share(18), share(20)];
  if (typeof t18 === "string" || typeof t20 === "string") return Response.json({ error: typeof t18 === "string" ? t18 : t20 }, { status: 400 });
  const values = { teachersImproved: t18, network: flag(form.get("19")), teachersInNetwork: t20, methodicalHelp: flag(form.get("21")) };
  await saveEntry(column.ref, year, values, fullName(user));
  await audit(request, user, { schoolId: null, action: "update", entity: "municipal", entityId: `${column.ref}:${year}`, summary: `показатели 18–21 школы «${column.name}» за ${year}`, after: values });
  return { done: `Сохранено: ${column.name}, ${year}.` };
}

export default function MunicipalSchool() {
  const { years, school, figures, dynamics, entered, entries, programme } = useLoaderData<typeof loader>();
  const result = useActionData<{ error?: string; done?: string }>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to={`/municipal?year=${years[2]}`}>← Все школы</Link>
      </p>
      <h1>{school.name}</h1>
      {school.fromFile ? <p className="muted">Показатели 1–16 загружены из файла школы.</p> : null}
      {result?.done ? <p className="notice" role="status">{result.done}</p> : null}
      {result?.error ? <p className="error" role="alert">{result.error}</p> : null}
      <h2>Три года на графиках</h2>
      <IndicatorCharts
        years={years}
        series={COMPUTED_INDICATORS.map((i) => ({ n: i.n, title: i.title, better: i.better, values: years.map((y) => figures[y][i.n].value) }))}
      />
      <h2>Показатели</h2>
      <table className="data">
        <thead>
          <tr>
            <th>Показатель</th>
            {years.map((y) => (
              <th key={y} className="num">
                {y}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {COMPUTED_INDICATORS.map((i) => (
            <tr key={i.n}>
              <td>
                {i.n}. {i.title}
              </td>
              {years.map((y) => (
                <td key={y} className="num">
                  <FigureCell figure={figures[y][i.n]} />
                </td>
              ))}
            </tr>
          ))}
          <tr>
            <td>17. Положительная динамика к предыдущему году</td>
            {years.map((y) => (
              <td key={y} className="num">
                {dynamics[y].positive === null ? <span className="muted">нет данных</span> : dynamics[y].positive ? "да" : "нет"}
                <br />
                <span className="muted">
                  лучше: {dynamics[y].improved.join(", ") || "—"}; хуже: {dynamics[y].worsened.join(", ") || "—"}
                </span>
              </td>
            ))}
          </tr>
          {([18, 19, 20, 21] as const).map((n) => (
            <tr key={n}>
              <td>
                {n}. {ENTERED_INDICATORS[n].title}
              </td>
              {years.map((y) => {
                const value = entered[y][n];
                return (
                  <td key={y} className="num">
                    <EnteredCell value={value} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Показатели 18–21: внести</h2>
      {years.map((y) => {
        const e = entries[y];
        return (
          <details key={y}>
            <summary>{y}</summary>
            <Form method="post" className="stack" style={{ maxWidth: "40rem" }}>
              <input type="hidden" name="schoolYear" value={y} />
              {([18, 20] as const).map((n) => {
                const f = n === 18 ? e?.teachersImproved : e?.teachersInNetwork;
                return (
                  <fieldset key={n}>
                    <legend>
                      {n}. {ENTERED_INDICATORS[n].title}
                    </legend>
                    <label>
                      из них
                      <input name={`${n}.numerator`} defaultValue={f?.numerator ?? ""} inputMode="numeric" style={{ maxWidth: "6rem" }} />
                    </label>
                    <label>
                      всего педагогов
                      <input name={`${n}.denominator`} defaultValue={f?.denominator ?? ""} inputMode="numeric" style={{ maxWidth: "6rem" }} />
                    </label>
                  </fieldset>
                );
              })}
              {([19, 21] as const).map((n) => {
                const v = n === 19 ? e?.network : e?.methodicalHelp;
                return (
                  <label key={n}>
                    {n}. {ENTERED_INDICATORS[n].title}
                    <select name={String(n)} defaultValue={v === true ? "yes" : v === false ? "no" : ""}>
                      <option value="">нет данных</option>
                      <option value="yes">да</option>
                      <option value="no">нет</option>
                    </select>
                  </label>
                );
              })}
              <button type="submit" disabled={busy}>
                Сохранить {y}
              </button>
            </Form>
          </details>
        );
      })}
      {school.fromFile ? null : (
        <>
          <h2>Отчёт о реализации программы повышения качества образования</h2>
          {programme ? (
            <>
              <p>{programme.programme}</p>
              <table className="data">
                <thead>
                  <tr>
                    <th>Мероприятие / форма</th>
                    <th>План</th>
                    <th>Факт</th>
                    <th>Результат</th>
                  </tr>
                </thead>
                <tbody>
                  {programme.measures.map((m, i) => (
                    <tr key={i}>
                      <td>{m.title}</td>
                      <td>{m.planned}</td>
                      <td>{m.done}</td>
                      <td>{m.result}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="muted">
                Обновлён {formatDateTime(programme.updatedAt)}, {programme.updatedByName}
              </p>
            </>
          ) : (
            <p className="muted">Школа ещё не заполнила отчёт.</p>
          )}
        </>
      )}
    </>
  );
}
