import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUserWithPermission } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { ErrorList, Field, FormErrors, SelectField, TextareaField } from "~/components/field";
import { creditMarkLabel, creditPeriodLabel } from "~models/vocabulary/credits";
import { creditForDecision, decideCredit, issueDecisionDocument, revokeCredit } from "~/credits/decisions.server";
import { CreditDecisionForms, DecisionForm, DecisionPdfForm, RevokeDecisionForm } from "~/credits/forms";
import { CREDIT_LIMITS } from "~models/vocabulary/limits";
import { formatDate, formatDateTime } from "~/domain/format";
import { replyFor } from "~/forms";
import { CREDIT_MARKS, CREDIT_OUTCOMES } from "~models/vocabulary/credits";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { useSchemaForm } from "~/components/use-schema-form";

export const access: RouteAccess = "decide:credits";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Заявление о зачёте: ${data?.view.studentName ?? ""} — Реестр достижений` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "decide:credits");
  const { view, suggestion, periods } = await creditForDecision(user, params.creditId ?? "");
  await audit(request, user, { action: "read", entity: "credit", entityId: view.id, summary: `заявление о зачёте: ${view.studentName}` });
  return {
    view,
    periods,
    suggestion: suggestion ? { mark: suggestion.mark, act: suggestion.rule.act, rule: suggestion.rule.name, explanation: suggestion.explanation } : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "decide:credits");
  const submission = parseWithZod(await readForm(request, context), { schema: CreditDecisionForms });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const id = params.creditId ?? "";
  const input = submission.value;
  try {
    if (input.intent === "decide") {
      await decideCredit(request, user, id, input);
      return redirectWithNotice(`/credits/${id}`, "Решение записано; PDF для семьи выдан.");
    }
    if (input.intent === "revoke") {
      await revokeCredit(request, user, id, input);
      return redirectWithNotice(`/credits/${id}`, "Решение отозвано: его отметка больше не учитывается, PDF отозван.");
    }
    await issueDecisionDocument(request, user, id);
    return redirectWithNotice(`/credits/${id}`, "PDF решения выдан.");
  } catch (error) {
    return replyRefused(submission, error);
  }
}

export default function CreditDecisionPage() {
  const { view, suggestion, periods } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [decideForm, decide] = useSchemaForm(DecisionForm, {
    id: "credit-decide",
    lastResult: replyFor(lastResult, "decide"),
    defaultValue: { outcome: "credited", mark: suggestion?.mark ?? "", period: suggestion ? "year" : "", reason: suggestion?.explanation ?? "", act: suggestion?.act ?? "", rule: suggestion?.rule ?? "" },
  });
  const [revokeForm, revoke] = useSchemaForm(RevokeDecisionForm, {
    id: "credit-revoke",
    lastResult: replyFor(lastResult, "revoke"),
  });
  const [pdfForm] = useSchemaForm(DecisionPdfForm, {
    id: "credit-document",
    lastResult: replyFor(lastResult, "document"),
  });
  // A reply of a form no longer on the page (the decision changed meanwhile) stands under the title.
  const shown = view.decision ? (view.decision.document ? ["revoke"] : ["revoke", "document"]) : ["decide"];
  const stray = lastResult && !shown.includes(String(lastResult.initialValue?.intent)) ? Object.values(lastResult.error ?? {}).flatMap((reasons) => reasons ?? []) : [];
  return (
    <>
      <p>
        <Link to="/credits">← Заявления о зачёте</Link>
      </p>
      <h1>
        Заявление о зачёте: {view.studentName} <span className="muted">({view.className})</span>
      </h1>
      {stray.length ? (
        <p className="alert" role="alert">
          {stray.join(" ")}
        </p>
      ) : null}
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
            <Form method="post" {...getFormProps(pdfForm)}>
              <input type="hidden" name="intent" value="document" />
              <FormErrors form={pdfForm} />
              <button type="submit">Выдать PDF решения</button>
            </Form>
          )}
          <Form method="post" className="toolbar" {...getFormProps(revokeForm)}>
            <input type="hidden" name="intent" value="revoke" />
            <Field label="Причина отзыва" meta={revoke.reason} minLength={3} maxLength={CREDIT_LIMITS.revokeReason} />
            <FormErrors form={revokeForm} />
            <button type="submit" className="danger">
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
          <Form method="post" className="stack" {...getFormProps(decideForm)}>
            <input type="hidden" name="intent" value="decide" />
            <input type="hidden" name="rule" value={suggestion?.rule ?? ""} />
            <fieldset>
              <legend>Решение</legend>
              {Object.entries(CREDIT_OUTCOMES).map(([code, label]) => (
                <label key={code} style={{ display: "block" }}>
                  <input {...getInputProps(decide.outcome, { type: "radio", value: code })} key={code} id={`${decide.outcome.id}-${code}`} /> {label}
                </label>
              ))}
              <ErrorList id={decide.outcome.errorId} errors={decide.outcome.errors} />
            </fieldset>
            <SelectField label="Зачесть как" meta={decide.mark}>
              <option value="">— (при отказе)</option>
              {CREDIT_MARKS.map((m) => (
                <option key={m} value={m}>
                  {creditMarkLabel(m)}
                </option>
              ))}
            </SelectField>
            <SelectField label={`Период (${view.schoolYear})`} meta={decide.period}>
              <option value="">— (при отказе)</option>
              {periods.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.key === "year" ? creditPeriodLabel("year") : p.label}
                </option>
              ))}
            </SelectField>
            <TextareaField label="Основание решения" meta={decide.reason} minLength={3} maxLength={CREDIT_LIMITS.reason} rows={3} />
            <Field label="Локальный акт школы" meta={decide.act} minLength={3} maxLength={CREDIT_LIMITS.act} />
            <FormErrors form={decideForm} />
            <button type="submit" disabled={busy}>
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
