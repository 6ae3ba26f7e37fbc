import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { personName } from "~/domain/audit-change";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { notFound, requireUserWithPermission, schoolOf, supportStudentIds } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { Field, FormErrors, SelectField, TextareaField } from "~/components/field";
import { formatDate } from "~/domain/format";
import { replyFor } from "~/forms";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { getCurrentYear } from "~models/academic-year.server";
import { fullName, getStudent } from "~models/student.server";
import { MEASURE_KINDS } from "~models/vocabulary/support-measures";
import { changeSupportCase, getSupportCase } from "~models/support.server";
import type { PublicUser } from "~models/user.server";
import { AddMeasureForm, OutcomeForm, ParentsForm, ReasonForm, ReviewForm, supportChange, SupportForm } from "~/support/forms";
import { SUPPORT_LIMITS } from "~models/vocabulary/limits";
import { studentLeftReason } from "~models/student.server";
import { useSchemaForm } from "~/components/use-schema-form";
import { TableBox } from "~/components/table-box";

export const access: RouteAccess = "write:support";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Индивидуальный маршрут: ${data?.student.name ?? ""} — Реестр достижений` }];

async function caseFor(user: PublicUser, studentId: string) {
  const schoolId = schoolOf(user);
  const student = await getStudent(schoolId, studentId, await supportStudentIds(user));
  if (!student) notFound();
  const year = await getCurrentYear(schoolId);
  if (!year) notFound();
  return { schoolId, student, year, key: { schoolId, studentId: student._id, yearId: year._id } };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:support");
  const { schoolId, student, year } = await caseFor(user, params.studentId ?? "");
  const support = await getSupportCase(schoolId, student._id, year._id);
  await audit(request, user, { action: "read", entity: "support", entityId: String(student._id), studentId: student._id, summary: `индивидуальный маршрут ${fullName(student)}` });
  return {
    student: { id: String(student._id), name: fullName(student) },
    year: year.name,
    support: support
      ? {
          manualReason: support.manualReason,
          manualBy: personName(support.manualBy),
          measures: support.measures.map((m) => ({ id: String(m._id), kind: m.kind as keyof typeof MEASURE_KINDS, description: m.description, responsible: m.responsible, until: m.until })),
          nextReview: support.nextReview,
          parentsInformedAt: support.parentsInformedAt,
          parentsConsent: support.parentsConsent,
          outcome: support.outcome,
        }
      : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:support");
  const { student, key } = await caseFor(user, params.studentId ?? "");
  const submission = parseWithZod(await readForm(request, context), { schema: SupportForm });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { intent, ...after } = submission.value;
  // A student who left: their personal file is read-only.
  const left = await studentLeftReason({ schoolId: key.schoolId, studentId: student._id });
  if (left) return data(submission.reply({ formErrors: [left] }), { status: 400 });
  await changeSupportCase({ ...key, change: supportChange(submission.value, `${fullName(user)} (${user.login})`) });
  await audit(request, user, { action: "update", entity: "support", entityId: String(student._id), studentId: student._id, summary: `индивидуальный маршрут: ${intent}`, after });
  return redirectWithNotice(`/students/${student._id}/support`, "Сохранено");
}

type Reply = SubmissionResult<string[]> | null;

/** One form of the page: constraints and checks from its schema, and the action's reply when it was the one sent. */
function useSupportForm<S extends z.ZodObject>(schema: S, intent: string, lastResult: Reply, options: { id?: string; defaultValue?: Record<string, string> } = {}) {
  return useSchemaForm(schema, {
    id: options.id ?? intent,
    lastResult: replyFor(lastResult, intent),
    // The page's defaults are strings of the schema's own fields.
    defaultValue: options.defaultValue as never,
  });
}

export default function SupportPage() {
  const { student, year, support } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>() ?? null;
  const day = (value: unknown) => (value ? String(value).slice(0, 10) : "");
  const [reasonForm, reason] = useSupportForm(ReasonForm, "reason", lastResult, { defaultValue: { manualReason: support?.manualReason ?? "" } });
  // A new measure's form starts empty again once the measure is added.
  const [measureForm, measure] = useSupportForm(AddMeasureForm, "add-measure", lastResult, { id: `add-measure-${support?.measures.length ?? 0}` });
  const [reviewForm, review] = useSupportForm(ReviewForm, "review", lastResult, { defaultValue: { nextReview: day(support?.nextReview) } });
  const consent = support?.parentsConsent === null || support === null ? "" : support.parentsConsent ? "yes" : "no";
  const [parentsForm, parents] = useSupportForm(ParentsForm, "parents", lastResult, { defaultValue: { parentsInformedAt: day(support?.parentsInformedAt), parentsConsent: consent } });
  const [outcomeForm, outcome] = useSupportForm(OutcomeForm, "outcome", lastResult, { defaultValue: { outcome: support?.outcome ?? "" } });
  const removal = replyFor(lastResult, "remove-measure");
  return (
    <>
      <p>
        <Link to={`/students/${student.id}`}>← {student.name}</Link> · <Link to="/risk">группа риска</Link>
      </p>
      <h1>Индивидуальный образовательный маршрут, {year}</h1>
      <p className="muted">{student.name}. Положение о мониторинге, §6: меры поддержки, ответственные, сроки, информирование родителей с их согласия.</p>

      <h2>Включение в группу риска по решению педагогов</h2>
      <Form method="post" className="stack card" {...getFormProps(reasonForm)}>
        <input type="hidden" name="intent" value="reason" />
        <TextareaField label="Причина (оставьте пустым, чтобы снять)" meta={reason.manualReason} rows={2} maxLength={SUPPORT_LIMITS.manualReason} />
        {support?.manualBy ? <span className="muted">Решение: {support.manualBy}</span> : null}
        <FormErrors form={reasonForm} />
        <button type="submit">Сохранить</button>
      </Form>

      <h2>Меры</h2>
      {/* A removal's reason stands above the list: the row it was sent from may be gone. */}
      <FormErrors form={{ errorId: "remove-measure-errors", errors: removal?.error ? Object.values(removal.error).flatMap((e) => e ?? []) : undefined }} />
      {support?.measures.length ? (
        <TableBox label="Меры поддержки">
          <thead>
            <tr>
              <th>Вид</th>
              <th>Что</th>
              <th>Ответственный</th>
              <th>Срок</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {support.measures.map((m) => (
              <tr key={m.id}>
                <td>{MEASURE_KINDS[m.kind]}</td>
                <td>{m.description}</td>
                <td>{m.responsible}</td>
                <td>{formatDate(m.until)}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove-measure" />
                    <input type="hidden" name="measureId" value={m.id} />
                    <button type="submit" className="link-button">
                      убрать
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </TableBox>
      ) : (
        <p className="muted">Меры ещё не назначены.</p>
      )}
      <Form method="post" className="toolbar card" style={{ marginTop: "0.75rem" }} key={measureForm.id} {...getFormProps(measureForm)}>
        <input type="hidden" name="intent" value="add-measure" />
        <SelectField label="Вид" meta={measure.kind}>
          {Object.entries(MEASURE_KINDS).map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </SelectField>
        <Field label="Что" meta={measure.description} maxLength={SUPPORT_LIMITS.description} />
        <Field label="Ответственный" meta={measure.responsible} maxLength={SUPPORT_LIMITS.responsible} />
        <Field label="До" meta={measure.until} type="date" />
        <FormErrors form={measureForm} />
        <button type="submit">Добавить меру</button>
      </Form>

      <h2>Пересмотр, родители, итог</h2>
      <div className="grid-cards">
        <Form method="post" className="stack card" {...getFormProps(reviewForm)}>
          <input type="hidden" name="intent" value="review" />
          <Field label="Дата следующего пересмотра" meta={review.nextReview} type="date" />
          <FormErrors form={reviewForm} />
          <button type="submit">Сохранить</button>
        </Form>
        <Form method="post" className="stack card" {...getFormProps(parentsForm)}>
          <input type="hidden" name="intent" value="parents" />
          <Field label="Родители проинформированы" meta={parents.parentsInformedAt} type="date" />
          <SelectField label="Согласие родителей" meta={parents.parentsConsent}>
            <option value="">—</option>
            <option value="yes">дано</option>
            <option value="no">не дано</option>
          </SelectField>
          <FormErrors form={parentsForm} />
          <button type="submit">Сохранить</button>
        </Form>
        <Form method="post" className="stack card" {...getFormProps(outcomeForm)}>
          <input type="hidden" name="intent" value="outcome" />
          <TextareaField label="Итог" meta={outcome.outcome} rows={3} maxLength={SUPPORT_LIMITS.outcome} />
          <FormErrors form={outcomeForm} />
          <button type="submit">Сохранить</button>
        </Form>
      </div>
    </>
  );
}
