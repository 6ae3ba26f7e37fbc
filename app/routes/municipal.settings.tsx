import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { requireUserWithPermission } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { ErrorList, Field, FormErrors } from "~/components/field";
import { EGE_MINIMUM_DEFAULTS, EGE_MINIMUM_SOURCE } from "~/domain/exam-results";
import { DYNAMICS_MODES } from "~/domain/indicators";
import { replyFor } from "~/forms";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { DynamicsRuleForm, EGE_SUBJECTS, egeMinimumsForm, minimumField } from "~/municipal/forms";
import { getDynamicsRule, threeYears } from "~/municipal/indicators.server";
import { getEgeMinimums, saveEgeMinimums } from "~models/assessment.server";
import { saveDynamicsRule } from "~models/municipal.server";
import { fullName } from "~models/student.server";
import { useSchemaForm } from "~/components/use-schema-form";
import { TableBox } from "~/components/table-box";

export const access: RouteAccess = "read:municipal";
export const meta: MetaFunction = () => [{ title: "Правила мониторинга — Реестр достижений" }];

const yearsShown = () => {
  const [a, b, c] = threeYears();
  return [`${Number(c.slice(5))}/${Number(c.slice(5)) + 1}`, c, b, a];
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "read:municipal");
  return { rule: await getDynamicsRule(), minimums: await getEgeMinimums(), years: yearsShown() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:municipal");
  const formData = await readForm(request, context);
  if (formData.get("intent") === "rule") {
    const submission = parseWithZod(formData, { schema: DynamicsRuleForm });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const rule = { mode: submission.value.mode, tolerance: submission.value.tolerance };
    await saveDynamicsRule({ ...rule, byName: fullName(user) });
    await audit(request, user, { schoolId: null, action: "update", entity: "municipal", entityId: "rule", summary: "правило положительной динамики", after: rule });
    return redirectWithNotice("/municipal/settings", "Правило сохранено: показатель 17 считается по нему.");
  }
  const years = yearsShown();
  const submission = parseWithZod(formData, { schema: egeMinimumsForm(years) });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const minimums: Record<string, Record<string, number>> = {};
  for (const year of years) {
    for (const subject of EGE_SUBJECTS) {
      const points = submission.value[minimumField(year, subject)];
      if (typeof points === "number") (minimums[year] ??= {})[subject] = points;
    }
  }
  await saveEgeMinimums({ minimums, byName: fullName(user) });
  await audit(request, user, { schoolId: null, action: "update", entity: "municipal", entityId: "ege-minimums", summary: "минимальные баллы ЕГЭ", after: minimums });
  return redirectWithNotice("/municipal/settings", "Минимальные баллы сохранены.");
}

export default function MunicipalSettings() {
  const { rule, minimums, years } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [ruleForm, ruleFields] = useSchemaForm(DynamicsRuleForm, {
    lastResult: replyFor(lastResult, "rule"),
    defaultValue: { mode: rule.mode, tolerance: String(rule.tolerance) },
  });
  const MinimumsForm = useMemo(() => egeMinimumsForm(years), [years]);
  const [minimumsForm, minimumFields] = useSchemaForm(MinimumsForm, {
    lastResult: replyFor(lastResult, "minimums"),
    defaultValue: Object.fromEntries(years.flatMap((y) => EGE_SUBJECTS.map((s) => [minimumField(y, s), minimums[y]?.[s] === undefined ? "" : String(minimums[y][s])]))),
  });
  return (
    <>
      <p>
        <Link to="/municipal">← Показатели школ</Link>
      </p>
      <h1>Правила мониторинга</h1>
      <h2>Положительная динамика школы (показатель 17)</h2>
      <p className="muted">
        Год сравнивается с предыдущим по показателям 1–16, у которых есть данные в оба года. Показатель улучшился, если изменился в лучшую сторону (для долей «2» и
        ниже порога — вниз, для долей «5» и высоких баллов — вверх) больше чем на допуск, и ухудшился — если в худшую.
      </p>
      <Form method="post" className="stack" style={{ maxWidth: "40rem" }} {...getFormProps(ruleForm)}>
        <input type="hidden" name="intent" value="rule" />
        {Object.entries(DYNAMICS_MODES).map(([mode, label]) => (
          <label key={mode}>
            <input {...getInputProps(ruleFields.mode, { type: "radio", value: mode })} /> Положительная, если {label}
          </label>
        ))}
        <ErrorList id={ruleFields.mode.errorId} errors={ruleFields.mode.errors} />
        <Field label="Допуск, процентных пунктов" meta={ruleFields.tolerance} inputMode="decimal" style={{ maxWidth: "6rem" }} />
        <FormErrors form={ruleForm} />
        <button type="submit">Сохранить правило</button>
      </Form>
      <h2>Минимальные баллы ЕГЭ по годам</h2>
      <p className="muted">
        Пустое поле — значение по умолчанию: {Object.entries(EGE_MINIMUM_DEFAULTS).map(([s, p]) => `${s} — ${p}`).join(", ")} ({EGE_MINIMUM_SOURCE}).
      </p>
      <Form method="post" className="stack" style={{ maxWidth: "40rem" }} {...getFormProps(minimumsForm)}>
        <input type="hidden" name="intent" value="minimums" />
        <TableBox label="Минимальные баллы ЕГЭ">
          <thead>
            <tr>
              <th>Учебный год</th>
              {EGE_SUBJECTS.map((s) => (
                <th key={s}>{s}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {years.map((y) => (
              <tr key={y}>
                <td>{y}</td>
                {EGE_SUBJECTS.map((s) => {
                  const field = minimumFields[minimumField(y, s)];
                  return (
                    <td key={s}>
                      <input {...getInputProps(field, { type: "text" })} placeholder={String(EGE_MINIMUM_DEFAULTS[s])} inputMode="numeric" style={{ maxWidth: "5rem" }} aria-label={`${y}, ${s}`} />
                      <ErrorList id={field.errorId} errors={field.errors} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </TableBox>
        <FormErrors form={minimumsForm} />
        <button type="submit">Сохранить баллы</button>
      </Form>
    </>
  );
}
