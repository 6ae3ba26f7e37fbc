import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { achievementFor } from "~/achievements/access.server";
import { STATUS_LABELS } from "~/achievements/kinds";
import { KINDS, type Field, type Kind } from "~models/vocabulary/achievement-kinds";
import { changeStatus, deleteUnverified } from "~/achievements/workflow.server";
import { notFound, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { EvidenceThumbs } from "~/components/evidence-thumbs";
import { formatDate, formatDateTime } from "~/domain/format";
import { listVersions } from "~models/achievement.server";
import { fullName, getStudentName } from "~models/student.server";
import { readForm } from "~/http/read-form.server";
import { Refusal } from "~/http/refusals";

export const access: RouteAccess = "read:portfolio";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Достижение"} — Реестр достижений` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:portfolio");
  const { achievement, rights } = await achievementFor(user, params.achievementId ?? "");
  const schoolId = schoolOf(user);
  await audit(request, user, { action: "read", entity: "achievement", entityId: String(achievement._id), studentId: achievement.studentId, summary: achievement.title });
  const student = await getStudentName({ schoolId, studentId: achievement.studentId });
  const family = user.roles.includes("parent") || user.roles.includes("student");
  const versions = family ? [] : await listVersions(schoolId, achievement.chainId);
  const fields = (KINDS[achievement.kind as Kind].fields as readonly Field[])
    .filter((f) => achievement.details[f.name] !== undefined)
    .map((f) => ({
      label: f.label,
      value: f.type === "select" ? (f.options[String(achievement.details[f.name])] ?? "") : f.type === "date" ? formatDate(String(achievement.details[f.name])) : String(achievement.details[f.name]),
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
    createdByName: family ? null : achievement.createdByName,
    student: { id: String(achievement.studentId), name: student ? fullName(student) : "" },
    backTo: family ? `/family/${achievement.studentId}` : `/students/${achievement.studentId}`,
    fields,
    files: achievement.evidence.map((e) => ({ id: String(e.fileId), name: e.name, type: e.type, size: e.size, sha256: e.sha256 })),
    history: family ? [] : achievement.history.map((h) => ({ at: h.at, byName: h.byName, action: h.action, note: h.note })),
    versions: versions.map((v) => ({ id: String(v._id), version: v.version, status: v.status as keyof typeof STATUS_LABELS, current: String(v._id) === String(achievement._id), superseded: !!v.supersededBy })),
    rights,
  };
}

const Intent = z.enum(["submit", "withdraw", "verify", "reject", "delete"]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:portfolio");
  const { achievement, rights } = await achievementFor(user, params.achievementId ?? "");
  const formData = await readForm(request, context);
  const intent = Intent.safeParse(formData.get("intent"));
  if (!intent.success) return Response.json({ error: "Неизвестное действие" }, { status: 400 });
  // A page opened before the year was closed: say why nothing can change now.
  if (rights.closed && !user.roles.some((r) => r === "parent" || r === "student")) return Response.json({ error: rights.closed }, { status: 400 });
  const allowed = { submit: rights.submit, withdraw: rights.withdraw, verify: rights.verify, reject: rights.verify, delete: rights.remove }[intent.data];
  if (!allowed) {
    // Someone who may take this step, but the record moved on since the page was opened (another
    // verifier decided first): say so instead of «not found».
    const mayTakeIt = intent.data === "verify" || intent.data === "reject" ? rights.verifier : rights.writer;
    if (mayTakeIt) return Response.json({ error: "Состояние достижения уже изменилось: обновите страницу" }, { status: 409 });
    notFound();
  }
  try {
    if (intent.data === "delete") {
      await deleteUnverified(request, user, achievement);
      throw redirect(`/students/${achievement.studentId}`);
    }
    const seen = intent.data === "verify" || intent.data === "reject" ? String(formData.get("seen") ?? "") : undefined;
    await changeStatus(request, user, achievement, intent.data, String(formData.get("reason") ?? ""), seen);
    return { notice: { submit: "Отправлено на проверку", withdraw: "Возвращено в черновики", verify: "Подтверждено", reject: "Отклонено, автор увидит причину" }[intent.data] };
  } catch (error) {
    // Every refusal is answered 400 as before, a Conflict too: the forms' rewrite answers each one's own status.
    if (error instanceof Refusal) return Response.json({ error: error.message }, { status: 400 });
    throw error;
  }
}

export default function AchievementPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<{ notice?: string; error?: string }>();
  const [params] = useSearchParams();
  const { rights } = data;
  return (
    <>
      <p>
        <Link to={data.backTo}>← {data.student.name}</Link>
      </p>
      <h1>{data.title}</h1>
      {params.get("saved") ? <p className="notice">Сохранено.</p> : null}
      {result?.notice ? <p className="notice">{result.notice}</p> : null}
      {result?.error ? <p className="alert">{result.error}</p> : null}
      <div className="card">
        <dl className="facts">
          <dt>Вид</dt>
          <dd>{data.kindLabel}</dd>
          <dt>Дата</dt>
          <dd>{formatDate(data.date)} ({data.academicYear} учебный год)</dd>
          <dt>Состояние</dt>
          <dd>
            <span className={`badge status-${data.status}`}>{STATUS_LABELS[data.status]}</span>
            {data.superseded ? " (заменено исправленной версией)" : ""} · версия {data.version}
          </dd>
          {data.status === "rejected" && data.rejectionReason ? (
            <>
              <dt>Причина отказа</dt>
              <dd className="error">{data.rejectionReason}</dd>
            </>
          ) : null}
          {data.fields.map((f) => (
            <div key={f.label} style={{ display: "contents" }}>
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
          {data.createdByName ? (
            <>
              <dt>Внёс(ла)</dt>
              <dd>{data.createdByName}</dd>
            </>
          ) : null}
        </dl>
      </div>
      <h2>Подтверждающие документы</h2>
      {data.files.length === 0 ? <p className="muted">Документы не прикреплены.</p> : <EvidenceThumbs files={data.files} />}

      {rights.closed && (rights.writer || rights.verifier) ? <p className="notice">{rights.closed}</p> : null}
      {rights.edit || rights.submit || rights.withdraw || rights.remove || rights.verify ? (
        <div className="card toolbar" style={{ marginTop: "1rem" }}>
          {rights.edit ? (
            <Link className="button secondary" to={`/achievements/${data.id}/edit`}>
              {data.status === "verified" ? "Исправить (новая версия)" : "Изменить"}
            </Link>
          ) : null}
          {rights.submit ? <IntentButton intent="submit" label="Отправить на проверку" /> : null}
          {rights.withdraw ? <IntentButton intent="withdraw" label="Вернуть в черновики" secondary /> : null}
          {rights.confirm ? <IntentButton intent="verify" label="Подтвердить по документам" seen={data.seen} /> : null}
          {rights.verify && !rights.confirm ? <p className="muted">Нет подтверждающего документа: подтвердить нельзя (§4.7 положения), можно отклонить с причиной.</p> : null}
          {rights.remove ? <IntentButton intent="delete" label="Удалить" danger /> : null}
          {rights.verify ? (
            <Form method="post" className="toolbar">
              <input type="hidden" name="intent" value="reject" />
              <input type="hidden" name="seen" value={data.seen} />
              <label>
                Причина отказа
                <input name="reason" required minLength={3} maxLength={500} />
              </label>
              <button type="submit" className="danger">
                Отклонить
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}

      {data.versions.length > 1 ? (
        <>
          <h2>Версии</h2>
          <ul>
            {data.versions.map((v) => (
              <li key={v.id}>
                {v.current ? <strong>версия {v.version}</strong> : <Link to={`/achievements/${v.id}`}>версия {v.version}</Link>} — {STATUS_LABELS[v.status]}
                {v.superseded ? ", заменена" : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {data.history.length ? (
        <>
          <h2>История</h2>
          <table className="data">
            <tbody>
              {data.history.map((h, i) => (
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
          </table>
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
