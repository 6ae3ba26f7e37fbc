import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { KINDS, LEVEL, STATUS } from "~models/vocabulary/achievement-kinds";
import { creditMarkLabel } from "~models/vocabulary/credits";
import { RULE_KINDS, RuleForm } from "~/credits/forms";
import { parseForm } from "~/forms";
import { CREDIT_MARKS } from "~models/vocabulary/credits";
import { addCreditRule, getCreditRules, setCreditRuleActive } from "~models/credit.server";
import { fullName } from "~models/student.server";
import { readForm } from "~/http/read-form.server";

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
  const formData = await readForm(request, context);
  const updatedByName = fullName(user);
  if (formData.get("intent") === "toggle") {
    const id = String(formData.get("id") ?? "");
    if (!/^[a-f0-9]{24}$/.test(id)) return Response.json({ errors: { form: "Неизвестное правило" } }, { status: 400 });
    const active = formData.get("active") === "true";
    const found = await setCreditRuleActive({ schoolId, ruleId: id, active, updatedByName });
    if (!found) return Response.json({ errors: { form: "Неизвестное правило" } }, { status: 404 });
    await audit(request, user, { action: "update", entity: "credit-rules", entityId: id, summary: `правило зачёта ${active ? "включено" : "выключено"}` });
    return { done: active ? "Правило включено." : "Правило выключено: по нему больше не предлагаются решения." };
  }
  const form = parseForm(RuleForm, formData);
  if (!form.ok) return Response.json({ errors: form.errors }, { status: 400 });
  await addCreditRule({ schoolId, rule: form.data, updatedByName });
  await audit(request, user, { action: "update", entity: "credit-rules", entityId: "", summary: `правило зачёта добавлено: ${form.data.name} → «${form.data.mark}» (${form.data.act})` });
  return { done: "Правило добавлено." };
}

export default function CreditRules() {
  const { rules, kinds } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors?: Record<string, string>; done?: string }>();
  const errors = result?.errors ?? {};
  const error = (field: string) => (errors[field] ? <span className="field-error">{errors[field]}</span> : null);
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
      {error("form")}
      {result?.done ? <p className="notice" role="status">{result.done}</p> : null}
      {rules.length ? (
        <table className="data">
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
                  <Form method="post">
                    <input type="hidden" name="id" value={r.id} />
                    <input type="hidden" name="active" value={String(!r.active)} />
                    <button type="submit" name="intent" value="toggle" className="link-button">
                      {r.active ? "выключить" : "включить"}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="card">Правил пока нет.</p>
      )}
      <h2>Новое правило</h2>
      <Form method="post" className="stack card">
        <label>
          Название
          <input name="name" required maxLength={200} placeholder="Призёры регионального этапа ВсОШ" />
          {error("name")}
        </label>
        <fieldset>
          <legend>Виды достижений</legend>
          <div className="checks">
            {kinds.map((k) => (
              <label key={k.code}>
                <input type="checkbox" name="kinds" value={k.code} /> {k.label}
              </label>
            ))}
          </div>
          {error("kinds")}
        </fieldset>
        <label>
          Уровень не ниже
          <select name="minLevel" defaultValue="regional">
            {Object.entries(LEVEL).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Результаты</legend>
          <div className="checks">
            {Object.entries(STATUS).map(([code, label]) => (
              <label key={code}>
                <input type="checkbox" name="results" value={code} defaultChecked={code !== "participant"} /> {label}
              </label>
            ))}
          </div>
          {error("results")}
        </fieldset>
        <label>
          Зачесть как
          <select name="mark" defaultValue="5">
            {CREDIT_MARKS.map((m) => (
              <option key={m} value={m}>
                {creditMarkLabel(m)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Пункт локального акта
          <input name="act" required maxLength={300} placeholder="Положение о зачёте результатов, п. 3.4" />
          {error("act")}
        </label>
        <button type="submit">Добавить правило</button>
      </Form>
    </>
  );
}
