import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { achievementFor } from "~/achievements/access.server";
import { readAchievementForm } from "~/achievements/form.server";
import { kindsAllowed } from "~/achievements/kinds";
import { type Kind } from "~models/vocabulary/achievement-kinds";
import { reviseAchievement } from "~/achievements/workflow.server";
import { notFound, requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { AchievementForm } from "~/components/achievement-form";
import { Refusal } from "~/http/refusals";

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
  if (rights.closed && rights.writer) return Response.json({ errors: { form: rights.closed }, values: {} }, { status: 400 });
  if (!rights.edit) notFound();
  const form = readAchievementForm(context);
  if (form.error) return Response.json({ errors: { form: form.error }, values: form.values }, { status: 400 });
  if (!form.parsed!.ok) return Response.json({ errors: form.parsed!.errors, values: form.values }, { status: 400 });
  if (form.parsed!.value.kind !== achievement.kind) return Response.json({ errors: { form: "Вид достижения менять нельзя: внесите новое" }, values: form.values }, { status: 400 });
  try {
    const id = await reviseAchievement({ request, user, existing: achievement, parsed: form.parsed!.value, files: form.files!, removeFileIds: form.removeFileIds!, submit: form.submit! });
    throw redirect(`/achievements/${id}?saved=1`);
  } catch (error) {
    // Every refusal is answered 400 as before, a Conflict too: the forms' rewrite answers each one's own status.
    if (error instanceof Refusal) return Response.json({ errors: { [error.field ?? "form"]: error.message }, values: form.values }, { status: 400 });
    throw error;
  }
}

export default function EditAchievement() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<{ errors: Record<string, string>; values: Record<string, string> }>();
  return (
    <>
      <p>
        <Link to={`/achievements/${data.id}`}>← {data.title}</Link>
      </p>
      {data.closed !== null ? (
        <>
          <h1>Изменение достижения</h1>
          <p className="notice">{data.closed}</p>
        </>
      ) : (
        <>
          <h1>{data.verified ? "Исправление подтверждённого достижения" : "Изменение достижения"}</h1>
      {data.verified ? <p className="notice">Подтверждённая запись не меняется: исправление станет новой версией и заменит её после проверки.</p> : null}
          <AchievementForm kinds={data.kinds} kind={data.kind} fixedKind values={result?.values ?? data.values} errors={result?.errors} existingFiles={data.files} submitLabel="Отправить на проверку" />
        </>
      )}
    </>
  );
}
