import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { achievementFor } from "~/achievements/access.server";
import { evidenceFiles } from "~/achievements/form.server";
import { AchievementForm as AchievementSchema } from "~/achievements/forms";
import { kindsAllowed } from "~/achievements/kinds";
import { type Kind } from "~models/vocabulary/achievement-kinds";
import { reviseAchievement } from "~/achievements/workflow.server";
import { notFound, requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { AchievementForm } from "~/components/achievement-form";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm, readUpload, refusedUpload } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";

export const access: RouteAccess = "write:achievements";
export const meta: MetaFunction = () => [{ title: "Изменение достижения — Реестр достижений" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:achievements");
  const { achievement, rights } = await achievementFor(user, params.achievementId ?? "");
  // An author following an old link to a closed year's record is told why it cannot change.
  if (rights.closed && rights.writer && !achievement.supersededBy) return { id: String(achievement._id), title: achievement.title, closed: rights.closed };
  if (!rights.edit) notFound();
  const values: Record<string, string> = { date: achievement.date.toISOString().slice(0, 10) };
  for (const [key, value] of Object.entries(achievement.details)) values[key] = String(value);
  return {
    id: String(achievement._id),
    title: achievement.title,
    kind: achievement.kind as Kind,
    kinds: kindsAllowed(user.roles),
    verified: achievement.status === "verified",
    values,
    files: achievement.evidence.map((e) => ({ id: String(e.fileId), name: e.name })),
    closed: null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:achievements");
  const { achievement, rights } = await achievementFor(user, params.achievementId ?? "");
  // A page opened before the year was closed: its author is told why nothing changes now.
  const closed = rights.closed && rights.writer ? rights.closed : null;
  if (!closed && !rights.edit) notFound();
  const refused = refusedUpload(readUpload(context));
  if (refused) return refused;
  const submission = parseWithZod(await readForm(request, context), { schema: AchievementSchema });
  if (closed) return data(submission.reply({ formErrors: [closed] }), { status: 400 });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { kind, date, details, removeFileIds, submit } = submission.value;
  if (kind !== achievement.kind) return data(submission.reply({ formErrors: ["Вид достижения менять нельзя: внесите новое"] }), { status: 400 });
  let id;
  try {
    id = await reviseAchievement({ request, user, existing: achievement, parsed: { kind, date, details }, files: evidenceFiles(context), removeFileIds, submit });
  } catch (error) {
    return replyRefused(submission, error);
  }
  return redirectWithNotice(`/achievements/${id}`, "Сохранено.");
}

export default function EditAchievement() {
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={`/achievements/${page.id}`}>← {page.title}</Link>
      </p>
      {page.closed !== null ? (
        <>
          <h1>Изменение достижения</h1>
          <p className="notice">{page.closed}</p>
        </>
      ) : (
        <>
          <h1>{page.verified ? "Исправление подтверждённого достижения" : "Изменение достижения"}</h1>
          {page.verified ? <p className="notice">Подтверждённая запись не меняется: исправление станет новой версией и заменит её после проверки.</p> : null}
          <AchievementForm kinds={page.kinds} kind={page.kind} fixedKind defaultValue={page.values} lastResult={lastResult} existingFiles={page.files} submitLabel="Отправить на проверку" />
        </>
      )}
    </>
  );
}
