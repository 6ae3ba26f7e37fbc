import { getCollectionProps, getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { ErrorList, Field, FormErrors, SelectField } from "~/components/field";
import { RULE_KINDS, RuleForm, RuleForms, RuleToggleForm } from "~/credits/forms";
import { replyFor } from "~/forms";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { NotFound } from "~/http/refusals";
import { addCreditRule, getCreditRules, setCreditRuleActive } from "~models/credit.server";
import { fullName } from "~models/student.server";
import { KINDS, LEVEL, STATUS } from "~models/vocabulary/achievement-kinds";
import { CREDIT_MARKS, CREDIT_RULE_LIMITS, creditMarkLabel } from "~models/vocabulary/credits";
import { useSchemaForm } from "~/components/use-schema-form";
import { TableBox } from "~/components/table-box";

export const access: RouteAccess = "decide:credits";
export const meta: MetaFunction = () => [{ title: "Правила зачёта — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "decide:credits");
  const rules = await getCreditRules(schoolOf(user));
  return {
    rules: rules.map((r) => ({ id: String(r._id), name: r.name, kinds: r.kinds.map((k) => KINDS[k as keyof typeof KINDS]?.label ?? k), minLevel: LEVEL[r.minLevel], results: r.results.map((s) => STATUS[s]), mark: r.mark, act: r.act, active: r.active })),
    kinds: RULE_KINDS.map((k) => ({ code: k, label: KINDS[k].label })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "decide:credits");
  const schoolId = schoolOf(user);
  const submission = parseWithZod(await readForm(request, context), { schema: RuleForms });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const updatedByName = fullName(user);
  const input = submission.value;
  if (input.intent === "toggle") {
    const active = input.active === "true";
    try {
      if (!(await setCreditRuleActive({ schoolId, ruleId: input.id, active, updatedByName }))) throw new NotFound("Неизвестное правило");
    } catch (error) {
      return replyRefused(submission, error);
    }
    await audit(request, user, { action: "update", entity: "credit-rules", entityId: input.id, summary: `правило зачёта ${active ? "включено" : "выключено"}` });
    return redirectWithNotice("/admin/credit-rules", active ? "Правило включено." : "Правило выключено: по нему больше не предлагаются решения.");
  }
  const { intent: _intent, ...rule } = input;
  await addCreditRule({ schoolId, rule, updatedByName });
  await audit(request, user, { action: "update", entity: "credit-rules", entityId: "", summary: `правило зачёта добавлено: ${rule.name} → «${rule.mark}» (${rule.act})` });
  return redirectWithNotice("/admin/credit-rules", "Правило добавлено.");
}

type Reply = SubmissionResult<string[]> | null | undefined;

/** «выключить» / «включить» of one rule; why it was refused stands beside it. */
function ToggleForm({ id, active, lastResult }: { id: string; active: boolean; lastResult: Reply }) {
  const reply = replyFor(lastResult, "toggle");
  const [form] = useSchemaForm(RuleToggleForm, {
    id: `toggle-${id}`,
    lastResult: reply?.initialValue?.id === id ? reply : null,
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="toggle" />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="active" value={String(!active)} />
      <button type="submit" className="link-button">
        {active ? "выключить" : "включить"}
      </button>
      <FormErrors form={{ errorId: form.errorId, errors: Object.values(form.allErrors).flat() }} />
    </Form>
  );
}

function NewRuleForm({ kinds, lastResult }: { kinds: { code: string; label: string }[]; lastResult: Reply }) {
  const [form, fields] = useSchemaForm(RuleForm, {
    intent: "add-rule",
    lastResult,
    defaultValue: { intent: "add-rule", minLevel: "regional", results: ["winner", "prizewinner"], mark: "5" },
  });
  const kindLabel = Object.fromEntries(kinds.map((k) => [k.code, k.label]));
  return (
    <Form method="post" className="stack card" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="add-rule" />
      <Field label="Название" meta={fields.name} maxLength={CREDIT_RULE_LIMITS.name} placeholder="Призёры регионального этапа ВсОШ" />
      <fieldset>
        <legend>Виды достижений</legend>
        <div className="checks">
          {getCollectionProps(fields.kinds, { type: "checkbox", options: kinds.map((k) => k.code) }).map(({ key, ...props }) => (
            <label key={key}>
              <input {...props} /> {kindLabel[props.value]}
            </label>
          ))}
        </div>
        <ErrorList id={fields.kinds.errorId} errors={fields.kinds.errors} />
      </fieldset>
      <SelectField label="Уровень не ниже" meta={fields.minLevel}>
        {Object.entries(LEVEL).map(([code, label]) => (
          <option key={code} value={code}>
            {label}
          </option>
        ))}
      </SelectField>
      <fieldset>
        <legend>Результаты</legend>
        <div className="checks">
          {getCollectionProps(fields.results, { type: "checkbox", options: Object.keys(STATUS) }).map(({ key, ...props }) => (
            <label key={key}>
              <input {...props} /> {STATUS[props.value as keyof typeof STATUS]}
            </label>
          ))}
        </div>
        <ErrorList id={fields.results.errorId} errors={fields.results.errors} />
      </fieldset>
      <SelectField label="Зачесть как" meta={fields.mark}>
        {CREDIT_MARKS.map((m) => (
          <option key={m} value={m}>
            {creditMarkLabel(m)}
          </option>
        ))}
      </SelectField>
      <Field label="Пункт локального акта" meta={fields.act} maxLength={CREDIT_RULE_LIMITS.act} placeholder="Положение о зачёте результатов, п. 3.4" />
      <FormErrors form={form} />
      <button type="submit">Добавить правило</button>
    </Form>
  );
}

export default function CreditRules() {
  const { rules, kinds } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/credits">← Заявления о зачёте</Link>
      </p>
      <h1>Правила зачёта результатов</h1>
      <p className="muted">
        Положение школы о зачёте в виде правил: какие подтверждённые результаты по предмету заявления могут быть зачтены и как. Реестр предлагает решение по ним, решает
        администрация. Правила не удаляются — их выключают, чтобы прежние решения оставались понятными.
      </p>
      {rules.length ? (
        <TableBox label="Правила зачёта">
          <thead>
            <tr>
              <th>Правило</th>
              <th>Виды</th>
              <th>Уровень не ниже</th>
              <th>Результаты</th>
              <th>Зачесть как</th>
              <th>Локальный акт</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} className={r.active ? "" : "muted"}>
                <td>{r.name}</td>
                <td>{r.kinds.join(", ")}</td>
                <td>{r.minLevel}</td>
                <td>{r.results.join(", ")}</td>
                <td>«{creditMarkLabel(r.mark)}»</td>
                <td>{r.act}</td>
                <td>
                  <ToggleForm id={r.id} active={r.active} lastResult={lastResult} />
                </td>
              </tr>
            ))}
          </tbody>
        </TableBox>
      ) : (
        <p className="card">Правил пока нет.</p>
      )}
      <h2>Новое правило</h2>
      <NewRuleForm kinds={kinds} lastResult={lastResult} />
    </>
  );
}
