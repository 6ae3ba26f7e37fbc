import { getFormProps, getInputProps } from "@conform-to/react";
import { TableBox } from "~/components/table-box";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUserWithPermission } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { ErrorList, FormErrors } from "~/components/field";
import { EnteredCell, FigureCell } from "~/components/figure-cell";
import { COMPUTED_INDICATORS, DYNAMICS_MODES, ENTERED_INDICATORS, INDICATOR_17_SHORT, INDICATOR_17_TITLE } from "~/domain/indicators";
import { readUpload } from "~/http/read-form.server";
import { redirectWithNotice } from "~/http/notice.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { SCHOOL_FILE_MAX_BYTES, SCHOOL_FILE_MAX_TEXT, SchoolFileForm } from "~/municipal/forms";
import { enteredFigures, municipalIndicators, threeYears } from "~/municipal/indicators.server";
import { loadSchoolIndicators } from "~/municipal/school-file.server";
import { fullName } from "~models/student.server";
import { useSchemaForm } from "~/components/use-schema-form";

export const access: RouteAccess = "read:municipal";
export const meta: MetaFunction = () => [{ title: "Показатели школ — Реестр достижений" }];

/** Counts per school only: a municipal specialist never sees a person (seed 003). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "read:municipal");
  const years = threeYears(new URL(request.url).searchParams.get("year"));
  const table = await municipalIndicators(years);
  return {
    ...table,
    columns: table.columns.map((c) => ({ ...c, entered: Object.fromEntries(years.map((y) => [y, enteredFigures(c.entries[y])])) })),
  };
}

/** «Загрузить показатели»: a school's own file of indicators (a school with its own installation). */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:municipal");
  const upload = readUpload(context);
  const submission = parseWithZod(upload?.fields ?? new FormData(), { schema: SchoolFileForm });
  if (upload?.error) return data(submission.reply({ formErrors: [upload.error] }), { status: 400 });
  const file = upload?.files.find((f) => f.field === "file");
  if (!file || file.bytes.length === 0) return data(submission.reply({ fieldErrors: { file: ["Выберите файл показателей школы (.json)"] } }), { status: 400 });
  if (file.bytes.length > SCHOOL_FILE_MAX_BYTES)
    return data(submission.reply({ fieldErrors: { file: [`Файл больше ${SCHOOL_FILE_MAX_TEXT}: это не файл показателей школы`] } }), { status: 413 });
  try {
    const loaded = await loadSchoolIndicators(file.bytes, file.originalName, fullName(user));
    await audit(request, user, {
      schoolId: null,
      action: "update",
      entity: "municipal",
      entityId: loaded.key,
      summary: `загружены показатели школы «${loaded.name}» из «${file.originalName}»: годы ${loaded.years.join(", ")}`,
    });
    const { pathname, search } = new URL(request.url);
    return redirectWithNotice(pathname + search, `Загружены показатели школы «${loaded.name}»: ${loaded.years.join(", ")}.`);
  } catch (error) {
    return replyRefused(submission, error);
  }
}

export default function Municipal() {
  const { years, columns, municipality, rule } = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm(SchoolFileForm, {
    lastResult: useActionData<typeof action>(),
  });
  const busy = useNavigation().state === "submitting";
  const span = years.length;
  return (
    <>
      <h1>Показатели школ</h1>
      <p className="muted">
        Мониторинг школ с низкими образовательными результатами: показатели 1–21 за три учебных года, {years[0]} — {years[2]}. Показатели 1–16 считаются по
        загруженным результатам ВПР, ОГЭ, ГВЭ и ЕГЭ; откройте значение, чтобы увидеть, из чего оно сложено (числитель и знаменатель). Персональных данных здесь
        нет.
      </p>
      <Form method="get" className="toolbar">
        <label>
          Последний учебный год
          <select name="year" defaultValue={years[2]}>
            {[0, 1, 2, 3].map((back) => {
              const y = `${Number(years[2].slice(0, 4)) + 1 - back}/${Number(years[2].slice(0, 4)) + 2 - back}`;
              return (
                <option key={y} value={y}>
                  {y}
                </option>
              );
            })}
          </select>
        </label>
        <button type="submit">Показать</button>
        <Link to="/municipal/settings">Правило динамики, пороги ЕГЭ</Link>
      </Form>
      <p className="muted">Наведите на название показателя или откройте школу, чтобы увидеть его полную формулировку.</p>
      <TableBox label="Показатели школ по годам" className="indicators">
        <thead>
          <tr>
            <th rowSpan={2}>Показатель</th>
            <th colSpan={span}>Муниципалитет</th>
            {columns.map((c) => (
              <th key={c.ref} colSpan={span}>
                <Link to={`/municipal/schools/${c.ref}?year=${years[2]}`}>{c.name}</Link>
                {c.fromFile ? <span className="muted"> (из файла)</span> : null}
              </th>
            ))}
          </tr>
          <tr>
            {[null, ...columns].flatMap((c, ci) =>
              years.map((y) => (
                <th key={`${ci}:${y}`} className="num">
                  {y}
                </th>
              ))
            )}
          </tr>
        </thead>
        <tbody>
          {COMPUTED_INDICATORS.map((i) => (
            <tr key={i.n}>
              <th scope="row" title={i.title}>
                {i.n}. {i.short}
              </th>
              {years.map((y) => (
                <td key={y} className="num">
                  <FigureCell figure={municipality[y][i.n]} />
                </td>
              ))}
              {columns.flatMap((c) =>
                years.map((y) => (
                  <td key={`${c.ref}:${y}`} className="num">
                    <FigureCell figure={c.figures[y][i.n]} />
                  </td>
                ))
              )}
            </tr>
          ))}
          <tr>
            <th scope="row" title={`${INDICATOR_17_TITLE} (правило: ${DYNAMICS_MODES[rule.mode]}, допуск ${rule.tolerance} п. п.)`}>
              17. {INDICATOR_17_SHORT}
            </th>
            {years.map((y) => (
              <td key={y} className="num">
                <FigureCell figure={municipality[y][17]} />
              </td>
            ))}
            {columns.flatMap((c) =>
              years.map((y) => {
                const d = c.dynamics[y];
                return (
                  <td key={`${c.ref}:${y}`} className="num" title={`лучше: ${d.improved.join(", ") || "—"}; хуже: ${d.worsened.join(", ") || "—"}`}>
                    {d.positive === null ? <span className="muted">нет данных</span> : d.positive ? "положительная" : "нет"}
                  </td>
                );
              })
            )}
          </tr>
          {([18, 19, 20, 21] as const).map((n) => (
            <tr key={n}>
              <th scope="row" title={`${ENTERED_INDICATORS[n].title} (вносит специалист)`}>
                {n}. {ENTERED_INDICATORS[n].short}
              </th>
              {years.map((y) => (
                <td key={y} className="num">
                  <FigureCell figure={municipality[y][n]} />
                </td>
              ))}
              {columns.flatMap((c) =>
                years.map((y) => {
                  const value = c.entered[y][n];
                  return (
                    <td key={`${c.ref}:${y}`} className="num">
                      <EnteredCell value={value} />
                    </td>
                  );
                })
              )}
            </tr>
          ))}
        </tbody>
      </TableBox>
      <h2>Школа со своей установкой реестра</h2>
      <p className="muted">
        Файл показателей, выгруженный школой (раздел «Качество» → «Показатели для муниципалитета»): только числа, без персональных данных.
      </p>
      <Form method="post" encType="multipart/form-data" className="toolbar" {...getFormProps(form)}>
        <input {...getInputProps(fields.file, { type: "file" })} accept=".json,application/json" aria-label="Файл показателей школы" required />
        <button type="submit" disabled={busy}>
          Загрузить показатели
        </button>
        <ErrorList id={fields.file.errorId} errors={fields.file.errors} />
        <FormErrors form={form} />
      </Form>
    </>
  );
}
