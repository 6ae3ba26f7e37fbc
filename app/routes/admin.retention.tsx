import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { RetentionPeriodsSchema, RetentionRemoveSchema, RetentionSchema } from "~/admin/forms";
import { pastRetention, removeExpired } from "~/archive/retention.server";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { CheckboxField, ErrorList, Field, FormErrors } from "~/components/field";
import { formatDate, formatNumber, pluralRu } from "~/domain/format";
import { replyFor } from "~/forms";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { setRetention } from "~models/school.server";
import { RETENTION_KINDS, RETENTION_LIMITS, type RetentionKind, type RetentionPeriod } from "~models/vocabulary/retention-periods";
import { useSchemaForm } from "~/components/use-schema-form";

export const access: RouteAccess = "manage:retention";
export const meta: MetaFunction = () => [{ title: "Сроки хранения — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:retention");
  return pastRetention(schoolOf(user));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:retention");
  const schoolId = schoolOf(user);
  const submission = parseWithZod(await readForm(request, context), { schema: RetentionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const input = submission.value;
  if (input.intent === "periods") {
    const { intent: _intent, ...next } = input;
    await setRetention({ schoolId, retention: next });
    await audit(request, user, { action: "update", entity: "settings", entityId: String(schoolId), summary: "сроки хранения", after: next });
    return redirectWithNotice("/admin/retention", "Сроки хранения сохранены.");
  }
  try {
    const n = await removeExpired(request, user, schoolId, input.kind, input.id);
    return redirectWithNotice("/admin/retention", `Удалено: ${n}. Удаление записано в журнал доступа.`);
  } catch (error) {
    return replyRefused(submission, error);
  }
}

type Reply = SubmissionResult<string[]> | null | undefined;

/** One kind's removal: the records ticked inside it (`children`), the confirmation and the button. */
function RemoveForm({ kind, children, disabled, lastResult }: { kind: RetentionKind; children: ReactNode; disabled: boolean; lastResult: Reply }) {
  const busy = useNavigation().state === "submitting";
  const reply = replyFor(lastResult, "remove");
  const [form, fields] = useSchemaForm(RetentionRemoveSchema, {
    id: `remove-${kind}`,
    lastResult: reply?.initialValue?.kind === kind ? reply : null,
  });
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="remove" />
      <input type="hidden" name="kind" value={kind} />
      {children}
      <ErrorList id={fields.id.errorId} errors={fields.id.errors} />
      <CheckboxField label=" Понимаю, что удаление необратимо (записи останутся только в архиве)" meta={fields.confirm} />
      <FormErrors form={form} />
      <button type="submit" disabled={busy || disabled}>
        Удалить отмеченное
      </button>
    </Form>
  );
}

function PeriodsForm({ periods, lastResult }: { periods: RetentionPeriod[]; lastResult: Reply }) {
  const [form, fields] = useSchemaForm(RetentionPeriodsSchema, {
    intent: "periods",
    lastResult,
    defaultValue: { intent: "periods", ...Object.fromEntries(periods.map((p) => [p.kind, { years: String(p.years), source: p.source }])) },
  });
  return (
    <Form method="post" className="stack" style={{ maxWidth: "48rem" }} {...getFormProps(form)}>
      <input type="hidden" name="intent" value="periods" />
      {periods.map((p) => {
        const period = fields[p.kind].getFieldset();
        return (
          <fieldset key={p.kind}>
            <legend>{RETENTION_KINDS[p.kind].label}</legend>
            <Field label={`Лет после ${p.after}`} meta={period.years} inputMode="numeric" style={{ maxWidth: "6rem" }} />
            <Field label="Основание" meta={period.source} maxLength={RETENTION_LIMITS.source.max} />
            <span className="muted">
              по умолчанию {pluralRu(RETENTION_KINDS[p.kind].years, ["год", "года", "лет"])}; {RETENTION_KINDS[p.kind].source}
            </span>
          </fieldset>
        );
      })}
      <FormErrors form={form} />
      <button type="submit">Сохранить сроки</button>
    </Form>
  );
}

export default function Retention() {
  const { periods, personalFiles, registers, oldAudit } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>Сроки хранения</h1>
      <p className="muted">
        Что хранится дольше срока, и его удаление. Удалять можно только записи тех учебных лет, архив которых сделан и проверен (страница <Link to="/archive">«Архив»</Link>);
        каждое удаление записывается в журнал доступа.
      </p>

      <h2>Личные дела выбывших ({personalFiles.length})</h2>
      {personalFiles.length === 0 ? (
        <p className="muted">Нет личных дел с истёкшим сроком хранения.</p>
      ) : (
        <RemoveForm kind="personalFile" disabled={false} lastResult={lastResult}>
          <table>
            <thead>
              <tr>
                <th />
                <th>Обучающийся</th>
                <th>Выбыл(а)</th>
                <th>Срок истёк</th>
                <th>Учебные годы</th>
              </tr>
            </thead>
            <tbody>
              {personalFiles.map((p) => (
                <tr key={p.id}>
                  <td>
                    <input type="checkbox" name="id" value={p.id} aria-label={p.name} disabled={p.missing.length > 0} />
                  </td>
                  <td>{p.name}</td>
                  <td>{formatDate(p.leftAt)}</td>
                  <td>{formatDate(p.expiredOn)}</td>
                  <td>
                    {p.years.join(", ")}
                    {p.missing.length ? <span className="field-error"> нет проверенного архива: {p.missing.join(", ")}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </RemoveForm>
      )}

      <h2>Ведомости (отметки и посещаемость) учебных лет ({registers.length})</h2>
      {registers.length === 0 ? (
        <p className="muted">Нет учебных лет с истёкшим сроком хранения ведомостей.</p>
      ) : (
        <RemoveForm kind="classRegisters" disabled={false} lastResult={lastResult}>
          {registers.map((r) => (
            <label key={r.id}>
              <input type="checkbox" name="id" value={r.id} disabled={r.missing.length > 0} /> {r.name}: срок истёк {formatDate(r.expiredOn)}
              {r.missing.length ? <span className="field-error"> нет проверенного архива</span> : null}
            </label>
          ))}
        </RemoveForm>
      )}

      <h2>Журнал доступа</h2>
      {oldAudit.count === 0 ? (
        <p className="muted">Записей старше срока хранения (до {formatDate(oldAudit.before)}) нет.</p>
      ) : (
        <RemoveForm kind="auditLog" disabled={oldAudit.missing.length > 0} lastResult={lastResult}>
          <p>
            Записей до {formatDate(oldAudit.before)}: {formatNumber(oldAudit.count, 0)}.
            {oldAudit.missing.length ? <span className="field-error"> Нет проверенного архива: {oldAudit.missing.join(", ")}</span> : null}
          </p>
        </RemoveForm>
      )}

      <h2>Сроки</h2>
      <PeriodsForm periods={periods} lastResult={lastResult} />
    </>
  );
}
