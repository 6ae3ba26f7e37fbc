import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { notFound, reachableStudentIds, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { ErrorList, Field, FormErrors, SelectField } from "~/components/field";
import { applyForCredit, creditsOfStudent, mayApply } from "~/credits/applications.server";
import { ApplicationForm } from "~/credits/forms";
import { CREDIT_LIMITS } from "~models/vocabulary/limits";
import { formatDate, formatDateTime } from "~/domain/format";
import { readForm, readUpload, refusedUpload } from "~/http/read-form.server";
import { redirectWithNotice } from "~/http/notice.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { fullName, getStudent } from "~models/student.server";
import { subjectsOfStudent } from "~/curriculum/student-subjects.server";
import { UPLOAD_LIMITS } from "~storage/limits";
import { useSchemaForm } from "~/components/use-schema-form";

export const access: RouteAccess = "apply:credits";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Зачёт результатов: ${data?.student.name ?? ""} — Реестр достижений` }];

/** The family's applications for credit of results from other organisations (seed 004 §5), and the form to apply. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "apply:credits");
  const schoolId = schoolOf(user);
  const student = await getStudent(schoolId, params.studentId ?? "", await reachableStudentIds(user));
  if (!student) notFound();
  const [credits, subjects] = await Promise.all([creditsOfStudent(user, student._id), subjectsOfStudent({ schoolId, studentId: student._id })]);
  await audit(request, user, { action: "read", entity: "credit", entityId: String(student._id), studentId: student._id, summary: `заявления о зачёте: ${fullName(student)}` });
  return {
    student: { id: String(student._id), name: fullName(student) },
    canApply: mayApply(user, student),
    subjects: subjects.map((s) => ({ id: String(s._id), name: s.name })),
    credits,
    maxFiles: UPLOAD_LIMITS.maxFiles,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "apply:credits");
  // The form is multipart: its text fields are checked here, its files as uploads (applyForCredit).
  const upload = readUpload(context);
  // A file refused while it was read (too large, too many) stands beside the files.
  const refused = refusedUpload(upload, { field: "files" });
  if (refused) return refused;
  const submission = parseWithZod(upload ? upload.fields : await readForm(request, context), { schema: ApplicationForm });
  if (!upload) return data(submission.reply({ formErrors: ["Отправьте форму заново."] }), { status: 400 });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const studentId = params.studentId ?? "";
  const files = upload.files.filter((f) => f.field === "files" && (f.originalName !== "" || f.bytes.length > 0));
  try {
    await applyForCredit(request, user, studentId, submission.value, files);
  } catch (error) {
    return replyRefused(submission, error);
  }
  return redirectWithNotice(`/family/${studentId}/credits`, "Заявление подано. Решение администрации появится на этой странице.");
}

export default function FamilyCredits() {
  const page = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(ApplicationForm, {
    lastResult: useActionData<typeof action>(),
  });
  // The files are not a field of the schema: their reasons come from the server, under the name «files».
  const filesId = `${form.id}-files`;
  const filesErrors = form.allErrors.files;
  return (
    <>
      <p>
        <Link to={`/family/${page.student.id}`}>← {page.student.name}</Link>
      </p>
      <h1>Зачёт результатов из других организаций</h1>
      <p className="muted">
        Результаты освоения предметов, курсов и программ в других организациях (музыкальная или спортивная школа, онлайн-школа, олимпиады) школа учитывает по заявлению
        семьи и по своему положению о зачёте.
      </p>
      {page.canApply ? (
        <div className="card">
          <h2 style={{ marginTop: 0 }}>Новое заявление</h2>
          <Form method="post" encType="multipart/form-data" className="stack" replace {...getFormProps(form)}>
            {/* The placeholder «выберите предмет» stands in the list until a subject is chosen. */}
            <SelectField label="Предмет, по которому просите зачесть" meta={fields.subjectId} defaultValue={fields.subjectId.initialValue ?? ""}>
              <option value="" disabled>
                выберите предмет
              </option>
              {page.subjects.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </SelectField>
            <Field label="Курс, программа, олимпиада" meta={fields.programme} maxLength={CREDIT_LIMITS.programme} />
            <Field label="Организация" meta={fields.organisation} maxLength={CREDIT_LIMITS.organisation} />
            <div className="toolbar">
              <Field label="Период: с" meta={fields.periodFrom} type="date" />
              <Field label="по" meta={fields.periodTo} type="date" />
            </div>
            <Field label="Результат (отметка, баллы, «зачтено», диплом)" meta={fields.result} maxLength={CREDIT_LIMITS.result} />
            <label>
              Подтверждающие документы (PDF, JPEG, PNG, WebP; до {page.maxFiles} файлов)
              <input
                type="file"
                id={filesId}
                name="files"
                multiple
                required
                accept="application/pdf,image/jpeg,image/png,image/webp"
                aria-invalid={filesErrors?.length ? true : undefined}
                aria-describedby={filesErrors?.length ? `${filesId}-error` : undefined}
              />
              <ErrorList id={`${filesId}-error`} errors={filesErrors} />
            </label>
            <FormErrors form={form} />
            <button type="submit" disabled={busy} data-main-action>
              {busy ? "Отправляю…" : "Подать заявление"}
            </button>
          </Form>
        </div>
      ) : (
        <p className="card">
          Заявление подаёт родитель (законный представитель) или совершеннолетний обучающийся.{" "}
          <Link to={`/family/${page.student.id}`} data-main-action>
            К портфолио
          </Link>
        </p>
      )}
      <h2>Заявления</h2>
      {page.credits.length === 0 ? <p className="muted">Заявлений ещё не было.</p> : null}
      {page.credits.map((c) => (
        <div key={c.id} className="card">
          <p style={{ marginTop: 0 }}>
            <strong>{c.subject}</strong>: {c.programme} — {c.organisation}, {formatDate(c.periodFrom)} — {formatDate(c.periodTo)}; результат: {c.result}
          </p>
          <p className="muted">
            Подано {formatDateTime(c.appliedAt)}, {c.applicantName}. Документы: {c.files.map((f) => f.name).join(", ")}
          </p>
          <p>
            <span className={`badge ${c.state === "pending" ? "status-submitted" : c.state === "refused" ? "status-rejected" : "status-verified"}`}>{c.stateLabel}</span>
          </p>
          {c.decision ? (
            <>
              <p>
                Основание: {c.decision.reason} ({c.decision.act}). Решение принял(а) {c.decision.decidedByName}, {formatDate(c.decision.decidedAt)}.
              </p>
              {c.decision.document ? (
                <p>
                  <a href={`/credits/${c.id}.pdf`}>Скачать решение (PDF)</a> <span className="muted">код проверки {c.decision.document.code}</span>
                </p>
              ) : (
                <p className="muted">PDF решения формируется.</p>
              )}
            </>
          ) : null}
          {c.history.filter((h) => h.revokedAt).map((h) => (
            <p key={h.id} className="muted">
              Прежнее решение «{h.outcome}» от {formatDate(h.decidedAt)} отозвано {formatDate(h.revokedAt)}: {h.revokeReason}
            </p>
          ))}
        </div>
      ))}
    </>
  );
}
