import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { SCHOOL_THRESHOLDS, THRESHOLD_DEFAULTS, type ThresholdKey } from "~models/vocabulary/thresholds";
import { getSessionIdleMinutes, getThresholds, setSessionIdleMinutes, setThresholds, STAFF_IDLE_MINUTES } from "~models/school.server";
import { readForm } from "~/http/read-form.server";

export const access: RouteAccess = "manage:settings";
export const meta: MetaFunction = () => [{ title: "Настройки школы — Реестр достижений" }];

const KEYS = Object.keys(SCHOOL_THRESHOLDS) as ThresholdKey[];
/** Shares are stored as fractions and shown as percents. */
const shown = (key: ThresholdKey, value: number) => (SCHOOL_THRESHOLDS[key].percent ? Math.round(value * 1000) / 10 : value);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:settings");
  const thresholds = await getThresholds(schoolOf(user));
  return {
    fields: KEYS.map((key) => ({ key, ...SCHOOL_THRESHOLDS[key], value: shown(key, thresholds[key]), default: shown(key, THRESHOLD_DEFAULTS[key]) })),
    idleMinutes: await getSessionIdleMinutes(schoolOf(user)),
    idleDefault: STAFF_IDLE_MINUTES.default,
  };
}

/** The staff idle time: how long a staff member's session survives without a request. */
async function saveIdleMinutes(request: Request, user: Awaited<ReturnType<typeof requireUserWithPermission>>, raw: string) {
  const { min, max } = STAFF_IDLE_MINUTES;
  const value = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    return Response.json({ errors: { idleMinutes: `Целое число минут от ${min} до ${max}` } }, { status: 400 });
  }
  const schoolId = schoolOf(user);
  const before = await getSessionIdleMinutes(schoolId);
  await setSessionIdleMinutes(schoolId, value);
  await audit(request, user, { action: "update", entity: "settings", entityId: String(schoolId), summary: "время бездействия до выхода сотрудника", before: { минут: before }, after: { минут: value } });
  return { done: `Сохранено: сотрудник, не работавший ${value} мин, входит заново (действует для новых входов).` };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:settings");
  const schoolId = schoolOf(user);
  const form = await readForm(request, context);
  if (form.get("intent") === "sessions") return saveIdleMinutes(request, user, String(form.get("idleMinutes") ?? ""));
  const errors: Record<string, string> = {};
  const next: Record<string, number> = {};
  for (const key of KEYS) {
    const { min, max, percent } = SCHOOL_THRESHOLDS[key];
    const raw = String(form.get(key) ?? "").trim().replace(",", ".");
    const value = Number(raw);
    if (raw === "" || !Number.isFinite(value)) errors[key] = "Нужно число";
    else if (value < min || value > max) errors[key] = `От ${min} до ${max}`;
    else if (!percent && !Number.isInteger(value)) errors[key] = "Нужно целое число";
    else next[key] = percent ? value / 100 : value;
  }
  if (Object.keys(errors).length) return Response.json({ errors }, { status: 400 });
  const before = await getThresholds(schoolId);
  await setThresholds({ schoolId, thresholds: next });
  await audit(request, user, { action: "update", entity: "settings", entityId: String(schoolId), summary: "пороги группы риска и обоснованности отметок", before, after: next });
  return { done: "Сохранено: группа риска и сводные ведомости считаются по новым порогам." };
}

export default function SchoolSettings() {
  const { fields, idleMinutes, idleDefault } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors?: Record<string, string>; done?: string }>();
  return (
    <>
      <h1>Настройки школы</h1>
      <p className="muted">Пороги критериев группы риска и обоснованности итоговых отметок. У каждого — значение по умолчанию и откуда оно.</p>
      {result?.done ? <p className="notice" role="status">{result.done}</p> : null}
      <Form method="post" className="stack" style={{ maxWidth: "44rem" }}>
        {fields.map((f) => (
          <label key={f.key}>
            {f.label}
            <input name={f.key} defaultValue={f.value} inputMode="decimal" required style={{ maxWidth: "8rem" }} />
            <span className="muted">
              по умолчанию {f.default}; {f.source}
            </span>
            {result?.errors?.[f.key] ? <span className="field-error">{result.errors[f.key]}</span> : null}
          </label>
        ))}
        <button type="submit">Сохранить</button>
      </Form>
      <h2>Сеансы сотрудников</h2>
      <Form method="post" className="stack" style={{ maxWidth: "44rem" }}>
        <input type="hidden" name="intent" value="sessions" />
        <label>
          Выход после бездействия, минут
          <input name="idleMinutes" defaultValue={idleMinutes} inputMode="numeric" required style={{ maxWidth: "8rem" }} />
          <span className="muted">
            по умолчанию {idleDefault}; сотрудник, оставивший компьютер в учительской, выходит сам. Родители и обучающиеся входят заново через 12 часов.
          </span>
          {result?.errors?.idleMinutes ? <span className="field-error">{result.errors.idleMinutes}</span> : null}
        </label>
        <button type="submit">Сохранить</button>
      </Form>
    </>
  );
}
