import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { notFound, requireUserWithPermission } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { ErrorList, Field, FormErrors, SelectField } from "~/components/field";
import { EnteredCell, FigureCell } from "~/components/figure-cell";
import { IndicatorCharts } from "~/components/indicator-chart";
import { COMPUTED_INDICATORS, ENTERED_INDICATORS } from "~/domain/indicators";
import { formatDateTime } from "~/domain/format";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { MunicipalEntryForm } from "~/municipal/forms";
import { enteredFigures, saveEntry, schoolIndicators, threeYears } from "~/municipal/indicators.server";
import { getQualityProgramme, type MunicipalEntry } from "~models/municipal.server";
import { fullName } from "~models/student.server";
import { useSchemaForm } from "~/components/use-schema-form";
import { TableBox } from "~/components/table-box";

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

/** Indicators 18–21 of this school for one year, as the specialist found them. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:municipal");
  const { years, column } = await schoolColumn(request, params.schoolRef);
  const submission = parseWithZod(await readForm(request, context), { schema: MunicipalEntryForm });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { schoolYear: year, ...values } = submission.value;
  if (!years.includes(year)) return data(submission.reply({ formErrors: ["Выберите учебный год из таблицы"] }), { status: 400 });
  await saveEntry(column.ref, year, values, fullName(user));
  await audit(request, user, { schoolId: null, action: "update", entity: "municipal", entityId: `${column.ref}:${year}`, summary: `показатели 18–21 школы «${column.name}» за ${year}`, after: values });
  const { pathname, search } = new URL(request.url);
  return redirectWithNotice(pathname + search, `Сохранено: ${column.name}, ${year}.`);
}

export default function MunicipalSchool() {
  const { years, school, figures, dynamics, entered, entries, programme } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to={`/municipal?year=${years[2]}`}>← Все школы</Link>
      </p>
      <h1>{school.name}</h1>
      {school.fromFile ? <p className="muted">Показатели 1–16 загружены из файла школы.</p> : null}
      <h2>Три года на графиках</h2>
      <IndicatorCharts
        years={years}
        series={COMPUTED_INDICATORS.map((i) => ({ n: i.n, title: i.title, better: i.better, values: years.map((y) => figures[y][i.n].value) }))}
      />
      <h2>Показатели</h2>
      <TableBox label="Показатели">
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
      </TableBox>
      <h2>Показатели 18–21: внести</h2>
      {lastResult && !years.includes(String(lastResult.initialValue?.schoolYear)) ? (
        <ErrorList className="alert" errors={Object.values(lastResult.error ?? {}).flatMap((e) => e ?? [])} />
      ) : null}
      {years.map((y) => (
        <EntryForm key={y} year={y} entry={entries[y]} busy={busy} lastResult={lastResult?.initialValue?.schoolYear === y ? lastResult : null} />
      ))}
      {school.fromFile ? null : (
        <>
          <h2>Отчёт о реализации программы повышения качества образования</h2>
          {programme ? (
            <>
              <p>{programme.programme}</p>
              <TableBox label="Мероприятия программы">
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
              </TableBox>
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

type Entry = Omit<MunicipalEntry, "schoolRef" | "schoolYear">;
const flagValue = (v: boolean | null | undefined) => (v === true ? "yes" : v === false ? "no" : "");
const countValue = (n: number | undefined) => (n === undefined ? "" : String(n));

/** One year's indicators 18–21: a form of its own, answered by its own reasons. */
function EntryForm({ year, entry, busy, lastResult }: { year: string; entry: Entry | null; busy: boolean; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useSchemaForm(MunicipalEntryForm, {
    lastResult,
    defaultValue: {
      schoolYear: year,
      teachersImproved: { numerator: countValue(entry?.teachersImproved?.numerator), denominator: countValue(entry?.teachersImproved?.denominator) },
      network: flagValue(entry?.network),
      teachersInNetwork: { numerator: countValue(entry?.teachersInNetwork?.numerator), denominator: countValue(entry?.teachersInNetwork?.denominator) },
      methodicalHelp: flagValue(entry?.methodicalHelp),
    },
  });
  return (
    <details open={lastResult ? true : undefined}>
      <summary>{year}</summary>
      <Form method="post" className="stack" style={{ maxWidth: "40rem" }} {...getFormProps(form)}>
        <input type="hidden" name="schoolYear" value={year} />
        {([18, 20] as const).map((n) => {
          const meta = n === 18 ? fields.teachersImproved : fields.teachersInNetwork;
          const share = meta.getFieldset();
          return (
            <fieldset key={n}>
              <legend>
                {n}. {ENTERED_INDICATORS[n].title}
              </legend>
              <Field label="из них" meta={share.numerator} inputMode="numeric" style={{ maxWidth: "6rem" }} />
              <Field label="всего педагогов" meta={share.denominator} inputMode="numeric" style={{ maxWidth: "6rem" }} />
              <ErrorList id={meta.errorId} errors={meta.errors} />
            </fieldset>
          );
        })}
        {([19, 21] as const).map((n) => (
          <SelectField key={n} label={`${n}. ${ENTERED_INDICATORS[n].title}`} meta={n === 19 ? fields.network : fields.methodicalHelp}>
            <option value="">нет данных</option>
            <option value="yes">да</option>
            <option value="no">нет</option>
          </SelectField>
        ))}
        <FormErrors form={form} />
        <button type="submit" disabled={busy}>
          Сохранить {year}
        </button>
      </Form>
    </details>
  );
}
