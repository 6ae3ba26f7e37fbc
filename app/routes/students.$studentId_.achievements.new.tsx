import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { evidenceFiles } from "~/achievements/form.server";
import { AchievementForm as AchievementSchema } from "~/achievements/forms";
import { kindsAllowed } from "~/achievements/kinds";
import { isKind } from "~models/vocabulary/achievement-kinds";
import { createAchievement } from "~/achievements/workflow.server";
import { notFound, reachableStudentIds, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { AchievementForm } from "~/components/achievement-form";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm, readUpload, refusedUpload } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { fullName, getStudent } from "~models/student.server";
import type { PublicUser } from "~models/user.server";

export const access: RouteAccess = "write:achievements";
export const meta: MetaFunction = () => [{ title: "Новое достижение — Реестр достижений" }];

async function studentFor(user: PublicUser, studentId: string) {
  const student = await getStudent(schoolOf(user), studentId, await reachableStudentIds(user));
  if (!student) notFound();
  return student;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:achievements");
  const student = await studentFor(user, params.studentId ?? "");
  const kinds = kindsAllowed(user.roles);
  const kindParam = new URL(request.url).searchParams.get("kind");
  return { student: { id: String(student._id), name: fullName(student) }, kinds, kind: isKind(kindParam) && kinds.includes(kindParam) ? kindParam : null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:achievements");
  const student = await studentFor(user, params.studentId ?? "");
  const refused = refusedUpload(readUpload(context));
  if (refused) return refused;
  const submission = parseWithZod(await readForm(request, context), { schema: AchievementSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { studentId, submit, ...parsed } = submission.value;
  // The student comes from the address, never from the form: another student's id there changes nothing.
  if (studentId && studentId !== String(student._id)) return data(submission.reply({ formErrors: ["Форма относится к другому обучающемуся: откройте её заново"] }), { status: 400 });
  let id;
  try {
    id = await createAchievement({ request, user, schoolId: schoolOf(user), studentId: student._id, parsed: { kind: parsed.kind, date: parsed.date, details: parsed.details }, files: evidenceFiles(context), submit });
  } catch (error) {
    return replyRefused(submission, error);
  }
  return redirectWithNotice(`/achievements/${id}`, "Сохранено.");
}

export default function NewAchievement() {
  const { student, kinds, kind } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  // The kind the form was sent with, when it came back refused; else the one chosen above it.
  const sent = lastResult?.initialValue?.kind;
  const chosen = isKind(sent) && kinds.includes(sent) ? sent : kind;
  return (
    <>
      <p>
        <Link to={`/students/${student.id}`}>← {student.name}</Link>
      </p>
      <h1>Новое достижение: {student.name}</h1>
      <AchievementForm key={chosen ?? ""} kinds={kinds} kind={chosen} lastResult={lastResult} submitLabel="Отправить на проверку" />
    </>
  );
}
