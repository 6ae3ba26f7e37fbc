import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { personName } from "~/domain/audit-change";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { achievementFor } from "~/achievements/access.server";
import { AchievementRejectForm, AchievementStepForm, AchievementUnverifyForm, REJECTION_REASON_MAX, type AchievementStep } from "~/achievements/forms";
import { STATUS_LABELS } from "~/achievements/kinds";
import { KINDS, type Field, type Kind } from "~models/vocabulary/achievement-kinds";
import { changeStatus, deleteUnverified } from "~/achievements/workflow.server";
import { notFound, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { EvidenceThumbs } from "~/components/evidence-thumbs";
import { Field as FieldInput, ReplyErrors } from "~/components/field";
import { formatDate, formatDateTime } from "~/domain/format";
import { replyFor } from "~/forms";
import { listVersions } from "~models/achievement.server";
import { fullName, getStudentName } from "~models/student.server";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { Conflict } from "~/http/refusals";
import { useSchemaForm } from "~/components/use-schema-form";
import { TableBox } from "~/components/table-box";

export const access: RouteAccess = "read:portfolio";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Достижение"} — Реестр достижений` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:portfolio");
  const { achievement, rights } = await achievementFor(user, params.achievementId ?? "");
  const schoolId = schoolOf(user);
  await audit(request, user, {
    action: "read",
    entity: "achievement",
    entityId: String(achievement._id),
    studentId: achievement.studentId,
    summary: achievement.title,
  });
  const student = await getStudentName({ schoolId, studentId: achievement.studentId });
  const family = user.roles.includes("parent") || user.roles.includes("student");
  const versions = family ? [] : await listVersions(schoolId, achievement.chainId);
  const fields = (KINDS[achievement.kind as Kind].fields as readonly Field[])
    .filter((f) => achievement.details[f.name] !== undefined)
    .map((f) => ({
      label: f.label,
      value:
        f.type === "select"
          ? f.options[String(achievement.details[f.name])] ?? ""
          : f.type === "date"
          ? formatDate(String(achievement.details[f.name]))
          : String(achievement.details[f.name]),
    }));
  return {
    id: String(achievement._id),
    seen: achievement.updatedAt.toISOString(),
    title: achievement.title,
    kindLabel: KINDS[achievement.kind as Kind].label,
    date: achievement.date,
    academicYear: achievement.academicYear,
    status: achievement.status as keyof typeof STATUS_LABELS,
    rejectionReason: achievement.rejectionReason,
    version: achievement.version,
    superseded: !!achievement.supersededBy,
    createdByName: family ? null : personName(achievement.createdByName),
    student: { id: String(achievement.studentId), name: student ? fullName(student) : "" },
    backTo: family ? `/family/${achievement.studentId}` : `/students/${achievement.studentId}`,
    fields,
    files: achievement.evidence.map((e) => ({ id: String(e.fileId), name: e.name, type: e.type, size: e.size, sha256: e.sha256 })),
    history: family ? [] : achievement.history.map((h) => ({ at: h.at, byName: personName(h.byName), action: h.action, note: h.note })),
    versions: versions.map((v) => ({
      id: String(v._id),
      version: v.version,
      status: v.status as keyof typeof STATUS_LABELS,
      current: String(v._id) === String(achievement._id),
      superseded: !!v.supersededBy,
    })),
    rights,
  };
}

const DONE: Record<Exclude<AchievementStep, "delete">, string> = {
  submit: "Отправлено на проверку",
  withdraw: "Возвращено в черновики",
  verify: "Подтверждено",
  reject: "Отклонено, автор увидит причину",
  unverify: "Подтверждение отозвано; цифровые бейджи с этим достижением отозваны",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:portfolio");
  const { achievement, rights } = await achievementFor(user, params.achievementId ?? "");
  const submission = parseWithZod(await readForm(request, context), { schema: AchievementStepForm });
  // A page opened before the year was closed: say why nothing can change now.
  if (rights.closed && !user.roles.some((r) => r === "parent" || r === "student"))
    return data(submission.reply({ formErrors: [rights.closed] }), { status: 400 });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const step = submission.value;
  const allowed = {
    submit: rights.submit,
    withdraw: rights.withdraw,
    verify: rights.verify,
    reject: rights.verify,
    delete: rights.remove,
    unverify: rights.unverify,
  }[step.intent];
  // Someone who may take this step, but the record moved on since the page was opened (another
  // verifier decided first), is told so; anyone else finds nothing here.
  const mayTakeIt = step.intent === "verify" || step.intent === "reject" || step.intent === "unverify" ? rights.verifier : rights.writer;
  if (!allowed && !mayTakeIt) notFound();
  try {
    // The author of this version never verifies it (the rule says why); otherwise the record moved on.
    const ownDecision = rights.ownEntry && (step.intent === "verify" || step.intent === "reject");
    if (!allowed && !ownDecision) throw new Conflict("Состояние достижения уже изменилось: обновите страницу");
    if (step.intent === "delete") await deleteUnverified(request, user, achievement);
    else await changeStatus(request, user, achievement, step.intent, "reason" in step ? step.reason : "", "seen" in step ? step.seen : undefined);
  } catch (error) {
    return replyRefused(submission, error);
  }
  if (step.intent === "delete") return redirect(`/students/${achievement.studentId}`);
  return redirectWithNotice(`/achievements/${achievement._id}`, DONE[step.intent]);
}

export default function AchievementPage() {
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { rights } = page;
  return (
    <>
      <p>
        <Link to={page.backTo} data-main-action>
          ← {page.student.name}
        </Link>
      </p>
      <h1>{page.title}</h1>
      {/* Why a step was refused, whichever button sent it: the button may be gone now that the record moved on. */}
      <ReplyErrors id="step-errors" result={lastResult} except={["reason"]} />
      <div className="card">
        <dl className="facts">
          <dt>Вид</dt>
          <dd>{page.kindLabel}</dd>
          <dt>Дата</dt>
          <dd>
            {formatDate(page.date)} ({page.academicYear} учебный год)
          </dd>
          <dt>Состояние</dt>
          <dd>
            <span className={`badge status-${page.status}`}>{STATUS_LABELS[page.status]}</span>
            {page.superseded ? " (заменено исправленной версией)" : ""} · версия {page.version}
          </dd>
          {page.status === "rejected" && page.rejectionReason ? (
            <>
              <dt>Причина отказа</dt>
              <dd className="error">{page.rejectionReason}</dd>
            </>
          ) : null}
          {page.fields.map((f) => (
            <div key={f.label} style={{ display: "contents" }}>
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
          {page.createdByName ? (
            <>
              <dt>Внёс(ла)</dt>
              <dd>{page.createdByName}</dd>
            </>
          ) : null}
        </dl>
      </div>
      <h2>Подтверждающие документы</h2>
      {page.files.length === 0 ? <p className="muted">Документы не прикреплены.</p> : <EvidenceThumbs files={page.files} />}

      {rights.closed && (rights.writer || rights.verifier) ? <p className="notice">{rights.closed}</p> : null}
      {rights.edit || rights.submit || rights.withdraw || rights.remove || rights.verify || rights.ownEntry || rights.unverify ? (
        <div className="card toolbar" style={{ marginTop: "1rem" }}>
          {rights.edit ? (
            <Link className="button secondary" to={`/achievements/${page.id}/edit`}>
              {page.status === "verified" ? "Исправить (новая версия)" : "Изменить"}
            </Link>
          ) : null}
          {rights.submit ? <IntentButton intent="submit" label="Отправить на проверку" /> : null}
          {rights.withdraw ? <IntentButton intent="withdraw" label="Вернуть в черновики" secondary /> : null}
          {rights.confirm ? <IntentButton intent="verify" label="Подтвердить по документам" seen={page.seen} /> : null}
          {rights.ownEntry ? (
            <p className="muted">Это достижение внесли вы: подтверждает его другой человек — классный руководитель или администрация.</p>
          ) : null}
          {rights.verify && !rights.confirm ? (
            <p className="muted">Нет подтверждающего документа: подтвердить нельзя (§4.7 положения), можно отклонить с причиной.</p>
          ) : null}
          {rights.remove ? <IntentButton intent="delete" label="Удалить" danger /> : null}
          {rights.verify ? <ReasonStepForm seen={page.seen} lastResult={replyFor(lastResult, "reject")} /> : null}
          {rights.unverify ? <ReasonStepForm seen={page.seen} lastResult={replyFor(lastResult, "unverify")} unverify /> : null}
        </div>
      ) : null}

      {page.versions.length > 1 ? (
        <>
          <h2>Версии</h2>
          <ul>
            {page.versions.map((v) => (
              <li key={v.id}>
                {v.current ? <strong>версия {v.version}</strong> : <Link to={`/achievements/${v.id}`}>версия {v.version}</Link>} — {STATUS_LABELS[v.status]}
                {v.superseded ? ", заменена" : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {page.history.length ? (
        <>
          <h2>История</h2>
          <TableBox label="История">
            <tbody>
              {page.history.map((h, i) => (
                <tr key={i}>
                  <td>{formatDateTime(h.at)}</td>
                  <td>{h.byName}</td>
                  <td>
                    {h.action}
                    {h.note ? `: ${h.note}` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </TableBox>
        </>
      ) : null}
    </>
  );
}

function IntentButton({ intent, label, secondary, danger, seen }: { intent: string; label: string; secondary?: boolean; danger?: boolean; seen?: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      {seen ? <input type="hidden" name="seen" value={seen} /> : null}
      <button type="submit" className={danger ? "danger" : secondary ? "secondary" : undefined}>
        {label}
      </button>
    </Form>
  );
}

/** «Отклонить» with the reason the author will see; or «Отозвать подтверждение» of a verified one, the same way. */
function ReasonStepForm({ seen, lastResult, unverify }: { seen: string; lastResult: SubmissionResult<string[]> | null; unverify?: boolean }) {
  const [form, fields] = useSchemaForm(unverify ? AchievementUnverifyForm : AchievementRejectForm, {
    id: unverify ? "unverify" : "reject",
    lastResult,
  });
  return (
    <Form method="post" className="toolbar" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={unverify ? "unverify" : "reject"} />
      <input type="hidden" name="seen" value={seen} />
      <FieldInput label={unverify ? "Почему подтверждение отзывается" : "Причина отказа"} meta={fields.reason} minLength={3} maxLength={REJECTION_REASON_MAX} />
      <button type="submit" className="danger">
        {unverify ? "Отозвать подтверждение" : "Отклонить"}
      </button>
    </Form>
  );
}
