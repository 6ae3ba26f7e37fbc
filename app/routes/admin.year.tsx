import { getFormProps, getSelectProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CloseYearSchema } from "~/admin/forms";
import { closeYear, rolloverPlan } from "~/archive/rollover.server";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { ErrorList, Field, FormErrors } from "~/components/field";
import { formatDate, pluralRu } from "~/domain/format";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { Conflict, RefusedByRule } from "~/http/refusals";
import { MOVES, type Move } from "~models/vocabulary/year-moves";
import { useSchemaForm } from "~/components/use-schema-form";

export const access: RouteAccess = "manage:years";
export const meta: MetaFunction = () => [{ title: "Учебный год — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:years");
  return { plan: await rolloverPlan(schoolOf(user)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:years");
  const schoolId = schoolOf(user);
  const submission = parseWithZod(await readForm(request, context), { schema: CloseYearSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { yearId, move, leavingDate, confirm } = submission.value;
  try {
    const plan = await rolloverPlan(schoolId);
    if (!plan) throw new RefusedByRule("В школе нет текущего учебного года");
    if (yearId !== plan.year.id) throw new Conflict("Текущий учебный год уже сменился: обновите страницу");
    if (confirm !== plan.year.name) throw new RefusedByRule(`Чтобы закрыть год, впишите его название: ${plan.year.name}`, "confirm");
    // Only this year's students may be moved; anything else in the form is ignored.
    const known = new Set(plan.classes.flatMap((c) => c.students.map((s) => s.id)));
    const moves = new Map<string, Move>(Object.entries(move).filter(([id, m]) => known.has(id) && m !== "promote"));
    const result = await closeYear({ schoolId, yearId: plan.year.id, moves, leavingDate: new Date(`${leavingDate}T00:00:00Z`) });
    await audit(request, user, {
      action: "update",
      entity: "year",
      entityId: plan.year.id,
      summary: `Закрыт ${result.closed}, открыт ${result.opened}: переведено ${result.promoted}, оставлено на второй год ${result.repeated}, выбыло ${result.left}`,
      after: { ...result, repeat: [...moves].filter(([, m]) => m === "repeat").map(([id]) => id), leave: [...moves].filter(([, m]) => m === "leave").map(([id]) => id) },
    });
    return redirectWithNotice(
      "/admin/year",
      `Год ${result.closed} закрыт, текущий — ${result.opened}. Переведено: ${result.promoted}, оставлено на второй год: ${result.repeated}, выбыло (с выпускниками): ${result.left}. Архив закрытого года — на странице «Архив».`,
    );
  } catch (error) {
    return replyRefused(submission, error);
  }
}

export default function SchoolYear() {
  const { plan } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(CloseYearSchema, {
    lastResult: useActionData<typeof action>(),
    defaultValue: plan ? { yearId: plan.year.id, leavingDate: `${plan.year.name.slice(5)}-06-30` } : undefined,
  });
  if (!plan) return <p>В школе нет текущего учебного года.</p>;
  const moves = fields.move.getFieldset();
  const total = plan.classes.reduce((n, c) => n + c.students.length, 0);
  return (
    <>
      <h1>Учебный год {plan.year.name}</h1>
      <p>
        <Link to="/admin/periods">Периоды года, системы периодов по классам, подготовка следующего года →</Link>
        <br />
        <Link to="/admin/curriculum">Учебный план: предметы каждого класса и как они оцениваются →</Link>
      </p>
      <p className="muted">
        Закрытие года: отметки и достижения {plan.year.name} становятся только для чтения, классы переходят в {plan.next} на класс выше (с тем же классным руководителем и
        учителями), выпускники 11-х классов выбывают в указанный день. Записи закрытого года не меняются: его сводные ведомости остаются такими же. После закрытия
        сделайте архив года.
      </p>
      {plan.year.closedAt ? <p className="error">Закрытие года было прервано: отметки уже только для чтения. Нажмите «Закрыть год» ещё раз — недостающее будет доделано.</p> : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
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
                {c.students.map((s) => {
                  const meta = moves[s.id];
                  return (
                    <tr key={s.id}>
                      <td>{s.name}</td>
                      <td>
                        {s.leftAt ? (
                          <span className="muted">выбыл(а) {formatDate(s.leftAt)}</span>
                        ) : (
                          <>
                            <select {...getSelectProps(meta)} defaultValue={meta.initialValue ?? "promote"} aria-label={`${s.name}: перевод`}>
                              {(Object.keys(MOVES) as Move[]).map((m) => (
                                <option key={m} value={m}>
                                  {m === "promote" && !c.nextName ? "выпускается" : MOVES[m]}
                                </option>
                              ))}
                            </select>
                            <ErrorList id={meta.errorId} errors={meta.errors} />
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </details>
        ))}
        <Field label="Дата выбытия выпускников" meta={fields.leavingDate} type="date" style={{ maxWidth: "12rem" }} />
        <Field label={`Впишите «${plan.year.name}», чтобы подтвердить закрытие года`} meta={fields.confirm} autoComplete="off" style={{ maxWidth: "12rem" }} />
        <FormErrors form={form} />
        <button type="submit" disabled={busy}>
          {busy ? "Закрываю год…" : `Закрыть ${plan.year.name} и перейти в ${plan.next}`}
        </button>
      </Form>
    </>
  );
}
