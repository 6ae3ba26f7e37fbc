import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AchievementForm as AchievementSchema } from "~/achievements/forms";
import { requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { AchievementForm } from "~/components/achievement-form";
import { PageHeader } from "~/components/page-header";
import { refusedProposal, resendProposal } from "~/family/proposals.server";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm, readUpload, refusedUpload } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { fullName } from "~models/student.server";
import type { Kind } from "~models/vocabulary/achievement-kinds";

export const access: RouteAccess = "read:family";
export const meta: MetaFunction = () => [{ title: "Исправить предложение — Реестр достижений" }];

/** A refused proposal, to correct by its reason and send again. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:family");
  const { student, achievement } = await refusedProposal(user, params.studentId ?? "", params.achievementId ?? "");
  const values: Record<string, string> = { date: achievement.date.toISOString().slice(0, 10) };
  for (const [key, value] of Object.entries(achievement.details)) values[key] = String(value);
  return {
    student: { id: String(student._id), name: fullName(student) },
    title: achievement.title,
    reason: achievement.rejectionReason ?? "",
    kind: achievement.kind as Kind,
    values,
    files: achievement.evidence.map((e) => ({ id: String(e.fileId), name: e.name })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:family");
  const { achievement } = await refusedProposal(user, params.studentId ?? "", params.achievementId ?? "");
  const refused = refusedUpload(readUpload(context));
  if (refused) return refused;
  const submission = parseWithZod(await readForm(request, context), { schema: AchievementSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { kind, date, details, removeFileIds } = submission.value;
  if (kind !== achievement.kind) return data(submission.reply({ formErrors: ["Вид достижения менять нельзя: предложите новое"] }), { status: 400 });
  try {
    await resendProposal(request, context, user, params.studentId ?? "", params.achievementId ?? "", { parsed: { kind, date, details }, removeFileIds });
  } catch (error) {
    return replyRefused(submission, error);
  }
  return redirectWithNotice(`/family/${params.studentId}/proposals`, "Исправленное отправлено классному руководителю снова.");
}

export default function ResendProposal() {
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={`Исправить: ${page.title}`} back={{ to: `/family/${page.student.id}/proposals`, label: "Предложенные достижения" }} />
      <p className="alert">Причина отказа: {page.reason}</p>
      <AchievementForm kinds={[page.kind]} kind={page.kind} fixedKind defaultValue={page.values} lastResult={lastResult} existingFiles={page.files} submitLabel="Отправить снова" family />
    </>
  );
}
