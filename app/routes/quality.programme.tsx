import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { getQualityProgramme, saveQualityProgramme } from "~models/municipal.server";
import { fullName } from "~models/student.server";
import { readForm } from "~/http/read-form.server";

export const access: RouteAccess = "manage:settings";
export const meta: MetaFunction = () => [{ title: "Отчёт о программе повышения качества — Реестр достижений" }];

const ROWS = 12;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:settings");
  return { programme: await getQualityProgramme({ schoolId: schoolOf(user) }) };
}

/** Seed 003, appendix 2: the report the school gives the municipality; the municipal view reads it. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:settings");
  const form = await readForm(request, context);
  const text = (name: string, max: number) => String(form.get(name) ?? "").trim().slice(0, max);
  const measures = Array.from({ length: ROWS }, (_, i) => ({ title: text(`title${i}`, 300), planned: text(`planned${i}`, 100), done: text(`done${i}`, 100), result: text(`result${i}`, 1000) })).filter(
    (m) => m.title || m.planned || m.done || m.result,
  );
  const missing = measures.findIndex((m) => !m.title);
  if (missing >= 0) return Response.json({ error: `Строка ${missing + 1}: укажите название мероприятия` }, { status: 400 });
  const programme = text("programme", 500);
  await saveQualityProgramme({ schoolId: schoolOf(user), programme, measures, byName: fullName(user) });
  await audit(request, user, { action: "update", entity: "programme", summary: `отчёт о программе повышения качества: мероприятий ${measures.length}` });
  return { done: "Отчёт сохранён: муниципальный специалист видит его на странице школы." };
}

export default function Programme() {
  const { programme } = useLoaderData<typeof loader>();
  const result = useActionData<{ error?: string; done?: string }>();
  const rows = [...(programme?.measures ?? []), ...Array.from({ length: ROWS }, () => ({ title: "", planned: "", done: "", result: "" }))].slice(0, ROWS);
  return (
    <>
      <p>
        <Link to="/quality">← Мониторинг качества</Link>
      </p>
      <h1>Отчёт о реализации мероприятий программы повышения качества образования</h1>
      {result?.done ? <p className="notice" role="status">{result.done}</p> : null}
      {result?.error ? <p className="error" role="alert">{result.error}</p> : null}
      <Form method="post" className="stack">
        <label>
          Наименование и реквизиты программы
          <input name="programme" defaultValue={programme?.programme ?? ""} maxLength={500} />
        </label>
        <table className="data">
          <thead>
            <tr>
              <th>№</th>
              <th>Название мероприятия / форма проведения</th>
              <th>Срок по плану</th>
              <th>Срок по факту</th>
              <th>Результат</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m, i) => (
              <tr key={i}>
                <td>{i + 1}</td>
                <td>
                  <input name={`title${i}`} defaultValue={m.title} aria-label={`Мероприятие ${i + 1}`} />
                </td>
                <td>
                  <input name={`planned${i}`} defaultValue={m.planned} aria-label={`План ${i + 1}`} style={{ maxWidth: "9rem" }} />
                </td>
                <td>
                  <input name={`done${i}`} defaultValue={m.done} aria-label={`Факт ${i + 1}`} style={{ maxWidth: "9rem" }} />
                </td>
                <td>
                  <input name={`result${i}`} defaultValue={m.result} aria-label={`Результат ${i + 1}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit">Сохранить отчёт</button>
      </Form>
    </>
  );
}
