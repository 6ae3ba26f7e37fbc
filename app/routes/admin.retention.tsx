import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { pastRetention, removeExpired } from "~/archive/retention.server";
import { RETENTION_KIND_NAMES, RETENTION_KINDS, type RetentionKind } from "~models/vocabulary/retention-periods";
import { formatDate, formatNumber } from "~/domain/format";
import { setRetention } from "~models/school.server";
import { readForm } from "~/http/read-form.server";
import { Refusal } from "~/http/refusals";

export const access: RouteAccess = "manage:retention";
export const meta: MetaFunction = () => [{ title: "Сроки хранения — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:retention");
  return pastRetention(schoolOf(user));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:retention");
  const schoolId = schoolOf(user);
  const form = await readForm(request, context);
  if (form.get("intent") === "periods") {
    const errors: Record<string, string> = {};
    const next: Record<string, { years: number; source: string }> = {};
    for (const kind of RETENTION_KIND_NAMES) {
      const years = Number(String(form.get(`${kind}.years`) ?? "").trim());
      const source = String(form.get(`${kind}.source`) ?? "").trim();
      if (!Number.isInteger(years) || years < 1 || years > 100) errors[kind] = "Срок — целое число лет от 1 до 100";
      else if (source.length < 3 || source.length > 300) errors[kind] = "Укажите основание срока (акт, номенклатура дел)";
      else next[kind] = { years, source };
    }
    if (Object.keys(errors).length) return Response.json({ errors }, { status: 400 });
    await setRetention({ schoolId, retention: next });
    await audit(request, user, { action: "update", entity: "settings", entityId: String(schoolId), summary: "сроки хранения", after: next });
    return { done: "Сроки хранения сохранены." };
  }
  const kind = String(form.get("kind") ?? "") as RetentionKind;
  if (!RETENTION_KIND_NAMES.includes(kind)) return Response.json({ error: "Неизвестный вид записей" }, { status: 400 });
  if (form.get("confirm") !== "on") return Response.json({ error: "Подтвердите удаление: отметьте «Понимаю, что удаление необратимо»" }, { status: 400 });
  try {
    const n = await removeExpired(request, user, schoolId, kind, form.getAll("id").map(String));
    return { done: `Удалено: ${n}. Удаление записано в журнал доступа.` };
  } catch (error) {
    // Answered as before (400 with the reason) until the page moves to the shared form reply.
    if (error instanceof Refusal) return Response.json({ error: error.message }, { status: 400 });
    throw error;
  }
}

function RemoveForm({ kind, children, disabled }: { kind: RetentionKind; children: React.ReactNode; disabled: boolean }) {
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="kind" value={kind} />
      {children}
      <label>
        <input type="checkbox" name="confirm" /> Понимаю, что удаление необратимо (записи останутся только в архиве)
      </label>
      <button type="submit" disabled={busy || disabled}>
        Удалить отмеченное
      </button>
    </Form>
  );
}

export default function Retention() {
  const { periods, personalFiles, registers, oldAudit } = useLoaderData<typeof loader>();
  const result = useActionData<{ error?: string; done?: string; errors?: Record<string, string> }>();
  return (
    <>
      <h1>Сроки хранения</h1>
      <p className="muted">
        Что хранится дольше срока, и его удаление. Удалять можно только записи тех учебных лет, архив которых сделан и проверен (страница <Link to="/archive">«Архив»</Link>);
        каждое удаление записывается в журнал доступа.
      </p>
      {result?.done ? <p className="notice" role="status">{result.done}</p> : null}
      {result?.error ? <p className="error" role="alert">{result.error}</p> : null}

      <h2>Личные дела выбывших ({personalFiles.length})</h2>
      {personalFiles.length === 0 ? (
        <p className="muted">Нет личных дел с истёкшим сроком хранения.</p>
      ) : (
        <RemoveForm kind="personalFile" disabled={false}>
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
        <RemoveForm kind="classRegisters" disabled={false}>
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
        <RemoveForm kind="auditLog" disabled={oldAudit.missing.length > 0}>
          <p>
            Записей до {formatDate(oldAudit.before)}: {formatNumber(oldAudit.count, 0)}.
            {oldAudit.missing.length ? <span className="field-error"> Нет проверенного архива: {oldAudit.missing.join(", ")}</span> : null}
          </p>
        </RemoveForm>
      )}

      <h2>Сроки</h2>
      <Form method="post" className="stack" style={{ maxWidth: "48rem" }}>
        <input type="hidden" name="intent" value="periods" />
        {periods.map((p) => (
          <fieldset key={p.kind}>
            <legend>{RETENTION_KINDS[p.kind].label}</legend>
            <label>
              Лет после {p.after}
              <input name={`${p.kind}.years`} defaultValue={p.years} inputMode="numeric" required style={{ maxWidth: "6rem" }} />
            </label>
            <label>
              Основание
              <input name={`${p.kind}.source`} defaultValue={p.source} required />
            </label>
            <span className="muted">
              по умолчанию {RETENTION_KINDS[p.kind].years} лет; {RETENTION_KINDS[p.kind].source}
            </span>
            {result?.errors?.[p.kind] ? <span className="field-error">{result.errors[p.kind]}</span> : null}
          </fieldset>
        ))}
        <button type="submit">Сохранить сроки</button>
      </Form>
    </>
  );
}
