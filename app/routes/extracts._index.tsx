import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { ExtractState } from "~/components/extract-state";
import { approveExtract, extractQueue, refuseExtract, withdrawDocument } from "~/documents/extracts.server";
import { BrokenRecord } from "~/documents/portfolio.server";
import { formatDateTime } from "~/domain/format";
import { readForm } from "~/http/read-form.server";
import { Refusal } from "~/http/refusals";

export const access: RouteAccess = "approve:extracts";
export const meta: MetaFunction = () => [{ title: "Выписки — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "approve:extracts");
  return extractQueue(user);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "approve:extracts");
  const form = await readForm(request, context);
  const intent = String(form.get("intent") ?? "");
  const id = String(form.get("id") ?? "");
  const reason = String(form.get("reason") ?? "");
  try {
    if (intent === "approve") {
      const document = await approveExtract(request, user, id);
      return { id, done: `Выписка выдана, код проверки ${document.code}. Семья может скачать её на своей странице.` };
    }
    if (intent === "refuse") {
      await refuseExtract(request, user, id, reason);
      return { id, done: "Отказ записан; семья видит причину." };
    }
    if (intent === "withdraw") {
      await withdrawDocument(request, user, id, reason);
      return { id, done: "Документ отозван: страница проверки это показывает." };
    }
    return Response.json({ id, error: "Неизвестное действие" }, { status: 400 });
  } catch (error) {
    if (error instanceof BrokenRecord) return Response.json({ id, error: `Выписку нельзя сформировать: ${error.message}. Исправьте запись и повторите.` }, { status: 409 });
    // Answered 400 as before (a conflict too) until this form answers with replyRefused.
    if (error instanceof Refusal) return Response.json({ id, error: error.message }, { status: 400 });
    throw error;
  }
}

export default function ExtractQueue() {
  const { open, decided } = useLoaderData<typeof loader>();
  const result = useActionData<{ id: string; error?: string; done?: string }>();
  const navigation = useNavigation();
  const working = (id: string) => navigation.state === "submitting" && navigation.formData?.get("id") === id;
  const message = (id: string) =>
    result?.id === id ? (
      result.error ? (
        <p className="error" role="alert">
          {result.error}
        </p>
      ) : (
        <p className="notice" role="status">
          {result.done}
        </p>
      )
    ) : null;
  return (
    <>
      <h1>Выписки из портфолио</h1>
      {result && !open.some((e) => e.id === result.id) && !decided.some((e) => e.document?.id === result.id) ? message(result.id) : null}
      <h2>Ждут решения</h2>
      {open.length === 0 ? <p className="card">Новых заявлений нет.</p> : null}
      {open.map((e) => (
        <div key={e.id} className="card">
          <p style={{ marginTop: 0 }}>
            <strong>
              <Link to={`/students/${e.studentId}`}>{e.studentName}</Link>
            </strong>{" "}
            — заявление от {formatDateTime(e.requestedAt)}, {e.requestedByName}
          </p>
          <dl className="facts">
            <dt>Разделы</dt>
            <dd>{e.sections.join("; ")}</dd>
            <dt>Учебные годы</dt>
            <dd>{e.years.length ? e.years.join(", ") : "все"}</dd>
            <dt>Копии документов</dt>
            <dd>{e.thumbnails ? "приложить" : "не прикладывать"}</dd>
            <dt>Цель</dt>
            <dd>{e.purpose}</dd>
          </dl>
          <p>
            <a href={`/students/${e.studentId}/portfolio.pdf`}>Посмотреть портфолио (PDF для школы)</a>
          </p>
          {message(e.id)}
          <div className="toolbar">
            <Form method="post">
              <input type="hidden" name="id" value={e.id} />
              <button type="submit" name="intent" value="approve" disabled={working(e.id)}>
                {working(e.id) ? "Формирую…" : "Выдать выписку"}
              </button>
            </Form>
            <Form method="post" className="toolbar" style={{ marginBottom: 0 }}>
              <input type="hidden" name="id" value={e.id} />
              <label>
                Причина отказа
                <input name="reason" minLength={3} maxLength={500} required />
              </label>
              <button type="submit" name="intent" value="refuse" className="danger" disabled={working(e.id)}>
                Отказать
              </button>
            </Form>
          </div>
        </div>
      ))}
      <h2>Рассмотренные</h2>
      {decided.length === 0 ? (
        <p className="muted">Пока нет.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>Обучающийся</th>
              <th>Подано</th>
              <th>Цель</th>
              <th>Решение</th>
              <th>Отзыв документа</th>
            </tr>
          </thead>
          <tbody>
            {decided.map((e) => (
              <tr key={e.id}>
                <td>
                  <Link to={`/students/${e.studentId}`}>{e.studentName}</Link>
                </td>
                <td>{formatDateTime(e.requestedAt)}</td>
                <td>{e.purpose}</td>
                <td>
                  <ExtractState extract={e} />
                  {e.document ? <div className="muted" style={{ wordBreak: "break-all", fontSize: "0.75rem" }}>SHA-256 {e.document.sha256}</div> : null}
                </td>
                <td>
                  {e.state === "approved" && e.document ? (
                    <Form method="post">
                      <input type="hidden" name="id" value={e.document.id} />
                      <input name="reason" minLength={3} maxLength={500} required placeholder="причина отзыва" aria-label="Причина отзыва" />{" "}
                      <button type="submit" name="intent" value="withdraw" className="danger">
                        Отозвать
                      </button>
                    </Form>
                  ) : null}
                  {e.document ? message(e.document.id) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
