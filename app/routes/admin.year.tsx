import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { MOVES, type Move } from "~models/vocabulary/year-moves";
import { closeYear, rolloverPlan } from "~/archive/rollover.server";
import { formatDate, pluralRu } from "~/domain/format";
import { readForm } from "~/http/read-form.server";
import { Refusal } from "~/http/refusals";

export const access: RouteAccess = "manage:years";
export const meta: MetaFunction = () => [{ title: "Учебный год — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:years");
  return { plan: await rolloverPlan(schoolOf(user)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:years");
  const schoolId = schoolOf(user);
  const form = await readForm(request, context);
  const plan = await rolloverPlan(schoolId);
  if (!plan) return Response.json({ error: "В школе нет текущего учебного года" }, { status: 400 });
  if (String(form.get("yearId")) !== plan.year.id) return Response.json({ error: "Текущий учебный год уже сменился: обновите страницу" }, { status: 409 });
  if (String(form.get("confirm") ?? "").trim() !== plan.year.name) {
    return Response.json({ error: `Чтобы закрыть год, впишите его название: ${plan.year.name}` }, { status: 400 });
  }
  const leaving = new Date(`${String(form.get("leavingDate") ?? "")}T00:00:00Z`);
  if (Number.isNaN(leaving.getTime())) return Response.json({ error: "Укажите дату выбытия выпускников" }, { status: 400 });
  // Only this year's students may be moved; anything else in the form is ignored.
  const known = new Set(plan.classes.flatMap((c) => c.students.map((s) => s.id)));
  const moves = new Map<string, Move>();
  for (const [key, value] of form) {
    const id = key.startsWith("move:") ? key.slice(5) : "";
    if (known.has(id) && (value === "repeat" || value === "leave")) moves.set(id, value);
  }
  try {
    const result = await closeYear({ schoolId, yearId: plan.year.id, moves, leavingDate: leaving });
    await audit(request, user, {
      action: "update", entity: "year", entityId: plan.year.id,
      summary: `Закрыт ${result.closed}, открыт ${result.opened}: переведено ${result.promoted}, оставлено на второй год ${result.repeated}, выбыло ${result.left}`,
      after: { ...result, repeat: [...moves].filter(([, m]) => m === "repeat").map(([id]) => id), leave: [...moves].filter(([, m]) => m === "leave").map(([id]) => id) },
    });
    return { done: result };
  } catch (error) {
    // Answered as before (400 with the reason) until the page moves to the shared form reply.
    if (error instanceof Refusal) return Response.json({ error: error.message }, { status: 400 });
    throw error;
  }
}

export default function SchoolYear() {
  const { plan } = useLoaderData<typeof loader>();
  const result = useActionData<{ error?: string; done?: { closed: string; opened: string; promoted: number; repeated: number; left: number } }>();
  const busy = useNavigation().state === "submitting";
  if (!plan) return <p>В школе нет текущего учебного года.</p>;
  const total = plan.classes.reduce((n, c) => n + c.students.length, 0);
  return (
    <>
      <h1>Учебный год {plan.year.name}</h1>
      {result?.done ? (
        <p className="notice" role="status">
          Год {result.done.closed} закрыт, текущий — {result.done.opened}. Переведено: {result.done.promoted}, оставлено на второй год: {result.done.repeated}, выбыло (с выпускниками): {result.done.left}.
          Архив закрытого года — на странице <Link to="/archive">«Архив»</Link>.
        </p>
      ) : null}
      {result?.error ? <p className="error" role="alert">{result.error}</p> : null}
      <p className="muted">
        Закрытие года: отметки и достижения {plan.year.name} становятся только для чтения, классы переходят в {plan.next} на класс выше (с тем же классным руководителем и
        учителями), выпускники 11-х классов выбывают в указанный день. Записи закрытого года не меняются: его сводные ведомости остаются такими же. После закрытия
        сделайте архив года.
      </p>
      {plan.year.closedAt ? <p className="error">Закрытие года было прервано: отметки уже только для чтения. Нажмите «Закрыть год» ещё раз — недостающее будет доделано.</p> : null}
      <Form method="post" className="stack">
        <input type="hidden" name="yearId" value={plan.year.id} />
        <p>
          {pluralRu(plan.classes.length, ["класс", "класса", "классов"])}, {pluralRu(total, ["обучающийся", "обучающихся", "обучающихся"])}. Все переводятся, кроме отмеченных ниже.
        </p>
        {plan.classes.map((c) => (
          <details key={c.id}>
            <summary>
              {c.name} → {c.nextName ?? "выпуск"} ({c.students.length})
            </summary>
            <table>
              <tbody>
                {c.students.map((s) => (
                  <tr key={s.id}>
                    <td>{s.name}</td>
                    <td>
                      {s.leftAt ? (
                        <span className="muted">выбыл(а) {formatDate(s.leftAt)}</span>
                      ) : (
                        <select name={`move:${s.id}`} defaultValue="promote" aria-label={`${s.name}: перевод`}>
                          {(Object.keys(MOVES) as Move[]).map((m) => (
                            <option key={m} value={m}>
                              {m === "promote" && !c.nextName ? "выпускается" : MOVES[m]}
                            </option>
                          ))}
                        </select>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        ))}
        <label>
          Дата выбытия выпускников
          <input type="date" name="leavingDate" required defaultValue={`${plan.year.name.slice(5)}-06-30`} style={{ maxWidth: "12rem" }} />
        </label>
        <label>
          Впишите «{plan.year.name}», чтобы подтвердить закрытие года
          <input name="confirm" autoComplete="off" required style={{ maxWidth: "12rem" }} />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? "Закрываю год…" : `Закрыть ${plan.year.name} и перейти в ${plan.next}`}
        </button>
      </Form>
    </>
  );
}
