import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUserWithPermission } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { creditMarkLabel, creditPeriodLabel } from "~models/vocabulary/credits";
import { creditForDecision, decideCredit, issueDecisionDocument, revokeCredit } from "~/credits/decisions.server";
import { DecisionForm } from "~/credits/forms";
import { formatDate, formatDateTime } from "~/domain/format";
import { parseForm } from "~/forms";
import { CREDIT_MARKS, CREDIT_OUTCOMES } from "~models/vocabulary/credits";
import { readForm } from "~/http/read-form.server";
import { Refusal } from "~/http/refusals";

export const access: RouteAccess = "decide:credits";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Заявление о зачёте: ${data?.view.studentName ?? ""} — Реестр достижений` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "decide:credits");
  const { view, suggestion } = await creditForDecision(user, params.creditId ?? "");
  await audit(request, user, { action: "read", entity: "credit", entityId: view.id, summary: `заявление о зачёте: ${view.studentName}` });
  return {
    view,
    suggestion: suggestion ? { mark: suggestion.mark, act: suggestion.rule.act, rule: suggestion.rule.name, explanation: suggestion.explanation } : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "decide:credits");
  const formData = await readForm(request, context);
  const id = params.creditId ?? "";
  try {
    switch (formData.get("intent")) {
      case "decide": {
        const form = parseForm(DecisionForm, formData);
        if (!form.ok) return Response.json({ errors: form.errors }, { status: 400 });
        await decideCredit(request, user, id, form.data);
        return { done: "Решение записано; PDF для семьи выдан." };
      }
      case "revoke":
        await revokeCredit(request, user, id, String(formData.get("reason") ?? ""));
        return { done: "Решение отозвано: его отметка больше не учитывается, PDF отозван." };
      case "document":
        await issueDecisionDocument(request, user, id);
        return { done: "PDF решения выдан." };
      default:
        return Response.json({ errors: { form: "Неизвестное действие" } }, { status: 400 });
    }
  } catch (error) {
    // Answered 400 as before (a conflict too) until this form answers with replyRefused.
    if (error instanceof Refusal) return Response.json({ errors: { [error.field ?? "form"]: error.message } }, { status: 400 });
    throw error;
  }
}

export default function CreditDecisionPage() {
  const { view, suggestion } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors?: Record<string, string>; done?: string }>();
  const errors = result?.errors ?? {};
  const busy = useNavigation().state === "submitting";
  const error = (field: string) => (errors[field] ? <span className="field-error">{errors[field]}</span> : null);
  return (
    <>
      <p>
        <Link to="/credits">← Заявления о зачёте</Link>
      </p>
      <h1>
        Заявление о зачёте: {view.studentName} <span className="muted">({view.className})</span>
      </h1>
      {error("form")}
      {result?.done ? <p className="notice" role="status">{result.done}</p> : null}
      <div className="card">
        <dl className="facts">
          <dt>Предмет</dt>
          <dd>{view.subject}</dd>
          <dt>Курс, программа</dt>
          <dd>{view.programme}</dd>
          <dt>Организация</dt>
          <dd>{view.organisation}</dd>
          <dt>Период</dt>
          <dd>
            {formatDate(view.periodFrom)} — {formatDate(view.periodTo)}
          </dd>
          <dt>Результат</dt>
          <dd>{view.result}</dd>
          <dt>Документы</dt>
          <dd>
            {view.files.map((f) => (
              <div key={f.id}>
                <a href={`/files/${f.id}`} target="_blank" rel="noreferrer">
                  {f.name}
                </a>
              </div>
            ))}
          </dd>
          <dt>Подано</dt>
          <dd>
            {formatDateTime(view.appliedAt)}, {view.applicantName}
          </dd>
        </dl>
      </div>

      {view.decision ? (
        <div className="card">
          <h2 style={{ marginTop: 0 }}>Решение: {view.stateLabel}</h2>
          <p>
            Основание: {view.decision.reason} ({view.decision.act}){view.decision.rule ? `; правило «${view.decision.rule}»` : ""}. {view.decision.decidedByName},{" "}
            {formatDateTime(view.decision.decidedAt)}.
          </p>
          {view.decision.document ? (
            <p className="muted">
              PDF для семьи: код <a href={`/verify/${view.decision.document.code}`}>{view.decision.document.code}</a>, SHA-256 {view.decision.document.sha256}
            </p>
          ) : (
            <Form method="post">
              <button type="submit" name="intent" value="document">
                Выдать PDF решения
              </button>
            </Form>
          )}
          <Form method="post" className="toolbar">
            <label>
              Причина отзыва
              <input name="reason" required minLength={3} maxLength={500} />
              {error("reason")}
            </label>
            <button type="submit" name="intent" value="revoke" className="danger">
              Отозвать решение
            </button>
          </Form>
        </div>
      ) : (
        <div className="card">
          <h2 style={{ marginTop: 0 }}>Решение</h2>
          {suggestion ? (
            <p className="notice">
              По правилам школы: зачесть как «{creditMarkLabel(suggestion.mark)}» — {suggestion.explanation}.
            </p>
          ) : (
            <p className="muted">Ни одно правило зачёта не подходит к подтверждённым результатам обучающегося по этому предмету: решите по документам.</p>
          )}
          <Form method="post" className="stack">
            <input type="hidden" name="rule" value={suggestion?.rule ?? ""} />
            <fieldset>
              <legend>Решение</legend>
              {Object.entries(CREDIT_OUTCOMES).map(([code, label]) => (
                <label key={code} style={{ display: "block" }}>
                  <input type="radio" name="outcome" value={code} defaultChecked={code === "credited"} /> {label}
                </label>
              ))}
              {error("outcome")}
            </fieldset>
            <label>
              Зачесть как
              <select name="mark" defaultValue={suggestion?.mark ?? ""}>
                <option value="">— (при отказе)</option>
                {CREDIT_MARKS.map((m) => (
                  <option key={m} value={m}>
                    {creditMarkLabel(m)}
                  </option>
                ))}
              </select>
              {error("mark")}
            </label>
            <label>
              Период ({view.schoolYear})
              <select name="period" defaultValue={suggestion ? "year" : ""}>
                <option value="">— (при отказе)</option>
                {["1", "2", "3", "4", "year"].map((p) => (
                  <option key={p} value={p}>
                    {creditPeriodLabel(p)}
                  </option>
                ))}
              </select>
              {error("period")}
            </label>
            <label>
              Основание решения
              <textarea name="reason" required minLength={3} maxLength={2000} rows={3} defaultValue={suggestion ? suggestion.explanation : ""} />
              {error("reason")}
            </label>
            <label>
              Локальный акт школы
              <input name="act" required minLength={3} maxLength={300} defaultValue={suggestion?.act ?? ""} />
              {error("act")}
            </label>
            <button type="submit" name="intent" value="decide" disabled={busy}>
              Записать решение
            </button>
          </Form>
        </div>
      )}
      {view.history.length > 1 || view.history.some((h) => h.revokedAt) ? (
        <>
          <h2>История решений</h2>
          <ul>
            {view.history.map((h) => (
              <li key={h.id}>
                {formatDateTime(h.decidedAt)} — {h.outcome}
                {h.mark ? ` «${creditMarkLabel(h.mark)}»` : ""}, {h.decidedByName}: {h.reason}
                {h.revokedAt ? ` — отозвано ${formatDateTime(h.revokedAt)}, ${h.revokedByName}: ${h.revokeReason}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
