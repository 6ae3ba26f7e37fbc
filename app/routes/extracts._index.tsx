import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { Field, FormErrors } from "~/components/field";
import { ExtractState } from "~/components/extract-state";
import { approveExtract, extractQueue, refuseExtract, withdrawDocument } from "~/documents/extracts.server";
import { ApproveExtractSchema, ExtractDecisionSchema, RefuseExtractSchema } from "~/documents/forms";
import { WithdrawDocumentForm } from "~/components/withdraw-document-form";
import { EXTRACT_LIMITS } from "~models/vocabulary/limits";
import { BrokenRecord } from "~/documents/portfolio.server";
import { formatDateTime } from "~/domain/format";
import { replyFor } from "~/forms";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { useSchemaForm } from "~/components/use-schema-form";
import { TableBox } from "~/components/table-box";

export const access: RouteAccess = "approve:extracts";
export const meta: MetaFunction = () => [{ title: "Выписки — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "approve:extracts");
  return extractQueue(user);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "approve:extracts");
  const submission = parseWithZod(await readForm(request, context), { schema: ExtractDecisionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const input = submission.value;
  try {
    if (input.intent === "approve") {
      const document = await approveExtract(request, user, input.id);
      return redirectWithNotice("/extracts", `Выписка выдана, код проверки ${document.code}. Семья может скачать её на своей странице.`);
    }
    if (input.intent === "refuse") {
      await refuseExtract(request, user, input);
      return redirectWithNotice("/extracts", "Отказ записан; семья видит причину.");
    }
    await withdrawDocument(request, user, input);
    return redirectWithNotice("/extracts", "Документ отозван: страница проверки это показывает.");
  } catch (error) {
    if (error instanceof BrokenRecord)
      return data(submission.reply({ formErrors: [`Выписку нельзя сформировать: ${error.message}. Исправьте запись и повторите.`] }), { status: 409 });
    return replyRefused(submission, error);
  }
}

type Reply = SubmissionResult<string[]> | null | undefined;

/** The reply of the form that was sent: its intent, and the request or document it was about. */

/** Every reason of a reply, for a form that is no longer on the page (someone else decided meanwhile). */
const reasonsOf = (result: Reply) => Object.values(result?.error ?? {}).flatMap((reasons) => reasons ?? []);

function ApproveForm({ id, lastResult, working }: { id: string; lastResult: Reply; working: boolean }) {
  const [form] = useSchemaForm(ApproveExtractSchema, {
    id: `approve-${id}`,
    lastResult: replyFor(lastResult, "approve", { id }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="approve" />
      <input type="hidden" name="id" value={id} />
      <FormErrors form={form} />
      <button type="submit" disabled={working}>
        {working ? "Формирую…" : "Выдать выписку"}
      </button>
    </Form>
  );
}

function RefuseForm({ id, lastResult, working }: { id: string; lastResult: Reply; working: boolean }) {
  const [form, fields] = useSchemaForm(RefuseExtractSchema, {
    id: `refuse-${id}`,
    lastResult: replyFor(lastResult, "refuse", { id }),
  });
  return (
    <Form method="post" className="toolbar" style={{ marginBottom: 0 }} {...getFormProps(form)}>
      <input type="hidden" name="intent" value="refuse" />
      <input type="hidden" name="id" value={id} />
      <Field label="Причина отказа" meta={fields.reason} minLength={EXTRACT_LIMITS.reason.min} maxLength={EXTRACT_LIMITS.reason.max} />
      <FormErrors form={form} />
      <button type="submit" className="danger" disabled={working}>
        Отказать
      </button>
    </Form>
  );
}

export default function ExtractQueue() {
  const { open, decided } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const working = (id: string) => navigation.state === "submitting" && navigation.formData?.get("id") === id;
  // A reply about a request or document no longer on the page (decided meanwhile) stands above the lists.
  const sent = lastResult?.initialValue;
  const onPage =
    sent?.intent === "withdraw"
      ? decided.some((e) => e.state === "approved" && e.document?.id === sent.id)
      : (sent?.intent === "approve" || sent?.intent === "refuse") && open.some((e) => e.id === sent.id);
  return (
    <>
      <h1>Выписки из портфолио</h1>
      {lastResult && !onPage ? (
        <p className="alert" role="alert">
          {reasonsOf(lastResult).join(" ")}
        </p>
      ) : null}
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
            <dd>{e.sections}</dd>
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
          <div className="toolbar">
            <ApproveForm id={e.id} lastResult={lastResult} working={working(e.id)} />
            <RefuseForm id={e.id} lastResult={lastResult} working={working(e.id)} />
          </div>
        </div>
      ))}
      <h2>Рассмотренные</h2>
      {decided.length === 0 ? (
        <p className="muted">Пока нет.</p>
      ) : (
        <TableBox label="Рассмотренные заявления">
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
                  {e.document ? (
                    <div className="muted" style={{ wordBreak: "break-all", fontSize: "0.75rem" }}>
                      SHA-256 {e.document.sha256}
                    </div>
                  ) : null}
                </td>
                <td>{e.state === "approved" && e.document ? <WithdrawDocumentForm id={e.document.id} lastResult={lastResult} /> : null}</td>
              </tr>
            ))}
          </tbody>
        </TableBox>
      )}
    </>
  );
}
