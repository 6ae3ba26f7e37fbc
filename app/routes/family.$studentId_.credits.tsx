import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { notFound, reachableStudentIds, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { applyForCredit, creditsOfStudent, mayApply } from "~/credits/applications.server";
import { ApplicationForm } from "~/credits/forms";
import { formatDate, formatDateTime } from "~/domain/format";
import { parseForm } from "~/forms";
import { readUpload } from "~/files/upload.server";
import { Refusal } from "~/http/refusals";
import { fullName, getStudent } from "~models/student.server";
import { listSubjects } from "~models/subject.server";
import { UPLOAD_LIMITS } from "~storage/limits";

export const access: RouteAccess = "apply:credits";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Зачёт результатов: ${data?.student.name ?? ""} — Реестр достижений` }];

/** The family's applications for credit of results from other organisations (seed 004 §5), and the form to apply. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "apply:credits");
  const schoolId = schoolOf(user);
  const student = await getStudent(schoolId, params.studentId ?? "", await reachableStudentIds(user));
  if (!student) notFound();
  const [credits, subjects] = await Promise.all([creditsOfStudent(user, student._id), listSubjects(schoolId)]);
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
  const upload = readUpload(context);
  if (!upload) return Response.json({ errors: { form: "Отправьте форму заново." } }, { status: 400 });
  if (upload.error) return Response.json({ errors: { files: upload.error } }, { status: 400 });
  const form = parseForm(ApplicationForm, upload.fields);
  if (!form.ok) return Response.json({ errors: form.errors }, { status: 400 });
  const files = upload.files.filter((f) => f.field === "files" && (f.originalName !== "" || f.bytes.length > 0));
  try {
    await applyForCredit(request, user, params.studentId ?? "", form.data, files);
  } catch (error) {
    if (error instanceof Refusal) return Response.json({ errors: { [error.field ?? "form"]: error.message } }, { status: error.status });
    throw error;
  }
  return { done: "Заявление подано. Решение администрации появится на этой странице." };
}

export default function FamilyCredits() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<{ errors?: Record<string, string>; done?: string }>();
  const errors = result?.errors ?? {};
  const busy = useNavigation().state === "submitting";
  const error = (field: string) => (errors[field] ? <span className="field-error">{errors[field]}</span> : null);
  return (
    <>
      <p>
        <Link to={`/family/${data.student.id}`}>← {data.student.name}</Link>
      </p>
      <h1>Зачёт результатов из других организаций</h1>
      <p className="muted">
        Результаты освоения предметов, курсов и программ в других организациях (музыкальная или спортивная школа, онлайн-школа, олимпиады) школа учитывает по заявлению
        семьи и по своему положению о зачёте.
      </p>
      {data.canApply ? (
        <div className="card">
          <h2 style={{ marginTop: 0 }}>Новое заявление</h2>
          <Form method="post" encType="multipart/form-data" className="stack" replace>
            <label>
              Предмет, по которому просите зачесть
              <select name="subjectId" required defaultValue="">
                <option value="" disabled>
                  выберите предмет
                </option>
                {data.subjects.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
              {error("subjectId")}
            </label>
            <label>
              Курс, программа, олимпиада
              <input name="programme" required maxLength={300} />
              {error("programme")}
            </label>
            <label>
              Организация
              <input name="organisation" required maxLength={300} />
              {error("organisation")}
            </label>
            <div className="toolbar">
              <label>
                Период: с
                <input type="date" name="periodFrom" required />
                {error("periodFrom")}
              </label>
              <label>
                по
                <input type="date" name="periodTo" required />
                {error("periodTo")}
              </label>
            </div>
            <label>
              Результат (отметка, баллы, «зачтено», диплом)
              <input name="result" required maxLength={500} />
              {error("result")}
            </label>
            <label>
              Подтверждающие документы (PDF, JPEG, PNG, WebP; до {data.maxFiles} файлов)
              <input type="file" name="files" multiple required accept="application/pdf,image/jpeg,image/png,image/webp" />
              {error("files")}
            </label>
            {error("form")}
            {result?.done ? <p className="notice" role="status">{result.done}</p> : null}
            <button type="submit" disabled={busy}>
              {busy ? "Отправляю…" : "Подать заявление"}
            </button>
          </Form>
        </div>
      ) : (
        <p className="card">Заявление подаёт родитель (законный представитель) или совершеннолетний обучающийся.</p>
      )}
      <h2>Заявления</h2>
      {data.credits.length === 0 ? <p className="muted">Заявлений ещё не было.</p> : null}
      {data.credits.map((c) => (
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
