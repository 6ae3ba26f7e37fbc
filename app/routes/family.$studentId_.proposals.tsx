import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AchievementForm as AchievementSchema } from "~/achievements/forms";
import { kindsAllowed, STATUS_LABELS } from "~/achievements/kinds";
import { requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { AchievementForm } from "~/components/achievement-form";
import { EmptyState } from "~/components/empty-state";
import { PageHeader } from "~/components/page-header";
import { formatDate } from "~/domain/format";
import { propose, proposalsOf } from "~/family/proposals.server";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm, readUpload, refusedUpload } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { isKind } from "~models/vocabulary/achievement-kinds";

export const access: RouteAccess = "read:family";
export const meta: MetaFunction = () => [{ title: "Предложить достижение — Реестр достижений" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:family");
  const kindParam = new URL(request.url).searchParams.get("kind");
  const kinds = kindsAllowed(user.roles);
  return { ...(await proposalsOf(request, user, params.studentId ?? "")), kinds, kind: isKind(kindParam) && kinds.includes(kindParam) ? kindParam : null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:family");
  const refused = refusedUpload(readUpload(context));
  if (refused) return refused;
  const submission = parseWithZod(await readForm(request, context), { schema: AchievementSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { kind, date, details } = submission.value;
  try {
    await propose(request, context, user, params.studentId ?? "", { kind, date, details });
  } catch (error) {
    return replyRefused(submission, error);
  }
  return redirectWithNotice(
    `/family/${params.studentId}/proposals`,
    "Отправлено классному руководителю. Он сверит документы и подтвердит достижение или напишет, что исправить; вы увидите ответ здесь и в уведомлениях.",
  );
}

export default function FamilyProposals() {
  const { student, proposals, kinds, kind } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const sent = lastResult?.initialValue?.kind;
  const chosen = isKind(sent) && kinds.includes(sent) ? sent : kind;
  return (
    <>
      <PageHeader title="Предложить достижение" back={{ to: `/family/${student.id}`, label: student.name }} />
      <p className="muted">
        Диплом музыкальной школы, грамота секции, сертификат курсов — сфотографируйте документ или приложите PDF. Классный руководитель сверит его и подтвердит
        достижение; после этого оно войдёт в портфолио.
      </p>
      <AchievementForm key={chosen ?? ""} kinds={kinds} kind={chosen} lastResult={lastResult} submitLabel="Отправить на проверку" family />
      <h2>Предложенные вами</h2>
      {proposals.length === 0 ? (
        <EmptyState title="Вы ещё ничего не предлагали.">Отправленное появится здесь с его состоянием.</EmptyState>
      ) : (
        <ul className="proposal-list">
          {proposals.map((p) => (
            <li key={p.id} className="card">
              <strong>{p.title}</strong>
              <div className="muted">
                {p.kind} · {formatDate(p.date)} · документов: {p.files}
              </div>
              <span className={`badge status-${p.status}`}>{STATUS_LABELS[p.status]}</span>
              {p.status === "rejected" ? (
                <>
                  <p className="error">Причина: {p.reason}</p>
                  <Link className="button" to={`/family/${student.id}/proposals/${p.id}`}>
                    Исправить и отправить снова
                  </Link>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
