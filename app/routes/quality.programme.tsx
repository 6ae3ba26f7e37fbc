import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { ErrorList, Field, FormErrors } from "~/components/field";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { MEASURE_COLUMNS, measureField, type MeasureColumn, measuresOf, PROGRAMME_ROWS, ProgrammeForm } from "~/quality/forms";
import { QUALITY_PROGRAMME_LIMITS } from "~models/vocabulary/limits";
import { getQualityProgramme, saveQualityProgramme } from "~models/municipal.server";
import { fullName } from "~models/student.server";
import { useSchemaForm } from "~/components/use-schema-form";
import { TableBox } from "~/components/table-box";

export const access: RouteAccess = "manage:settings";
export const meta: MetaFunction = () => [{ title: "Отчёт о программе повышения качества — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:settings");
  return { programme: await getQualityProgramme({ schoolId: schoolOf(user) }) };
}

/** Seed 003, appendix 2: the report the school gives the municipality; the municipal view reads it. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:settings");
  const submission = parseWithZod(await readForm(request, context), { schema: ProgrammeForm });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const measures = measuresOf(submission.value);
  await saveQualityProgramme({ schoolId: schoolOf(user), programme: submission.value.programme ?? "", measures, byName: fullName(user) });
  await audit(request, user, { action: "update", entity: "programme", summary: `отчёт о программе повышения качества: мероприятий ${measures.length}` });
  return redirectWithNotice("/quality/programme", "Отчёт сохранён: муниципальный специалист видит его на странице школы.");
}

/** How each cell of a row is named to a screen reader, with the row's number. */
const LABELS: Record<MeasureColumn, string> = { title: "Мероприятие", planned: "План", done: "Факт", result: "Результат" };

export default function Programme() {
  const { programme } = useLoaderData<typeof loader>();
  const rows = [...(programme?.measures ?? []), ...Array.from({ length: PROGRAMME_ROWS }, () => ({ title: "", planned: "", done: "", result: "" }))].slice(0, PROGRAMME_ROWS);
  const [form, fields] = useSchemaForm(ProgrammeForm, {
    lastResult: useActionData<typeof action>(),
    defaultValue: { programme: programme?.programme ?? "", ...Object.fromEntries(rows.flatMap((m, i) => MEASURE_COLUMNS.map((column) => [measureField(column, i), m[column]]))) },
  });
  const cell = (column: MeasureColumn, i: number) => {
    const meta = fields[measureField(column, i)];
    return (
      <td key={column}>
        <input {...getInputProps(meta, { type: "text" })} maxLength={QUALITY_PROGRAMME_LIMITS[column]} aria-label={`${LABELS[column]} ${i + 1}`} style={column === "planned" || column === "done" ? { maxWidth: "9rem" } : undefined} />
        <ErrorList id={meta.errorId} errors={meta.errors} />
      </td>
    );
  };
  return (
    <>
      <p>
        <Link to="/quality">← Мониторинг качества</Link>
      </p>
      <h1>Отчёт о реализации мероприятий программы повышения качества образования</h1>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <Field label="Наименование и реквизиты программы" meta={fields.programme} maxLength={QUALITY_PROGRAMME_LIMITS.programme} />
        <TableBox label="Мероприятия программы">
          <thead>
            <tr>
              <th>№</th>
              <th>Название мероприятия / форма проведения</th>
              <th>Срок по плану</th>
              <th>Срок по факту</th>
              <th>Результат</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((_, i) => (
              <tr key={i}>
                <td>{i + 1}</td>
                {MEASURE_COLUMNS.map((column) => cell(column, i))}
              </tr>
            ))}
          </tbody>
        </TableBox>
        <FormErrors form={form} />
        <button type="submit">Сохранить отчёт</button>
      </Form>
    </>
  );
}
