import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { readAchievementForm } from "~/achievements/form.server";
import { kindsAllowed } from "~/achievements/kinds";
import { isKind } from "~models/vocabulary/achievement-kinds";
import { createAchievement } from "~/achievements/workflow.server";
import { notFound, reachableStudentIds, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { AchievementForm } from "~/components/achievement-form";
import { Refusal } from "~/http/refusals";
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
  const form = readAchievementForm(context);
  if (form.error) return Response.json({ errors: { form: form.error }, values: form.values }, { status: 400 });
  if (!form.parsed!.ok) return Response.json({ errors: form.parsed!.errors, values: form.values }, { status: 400 });
  // The student comes from the address, never from the form: another student's id there changes nothing.
  if (form.values.studentId && form.values.studentId !== String(student._id)) {
    return Response.json({ errors: { form: "Форма относится к другому обучающемуся: откройте её заново" }, values: form.values }, { status: 400 });
  }
  try {
    const id = await createAchievement({
      request, user, schoolId: schoolOf(user), studentId: student._id,
      parsed: form.parsed!.value, files: form.files!, submit: form.submit!,
    });
    throw redirect(`/achievements/${id}?saved=1`);
  } catch (error) {
    // Every refusal is answered 400 as before, a Conflict too: the forms' rewrite answers each one's own status.
    if (error instanceof Refusal) return Response.json({ errors: { [error.field ?? "form"]: error.message }, values: form.values }, { status: 400 });
    throw error;
  }
}

export default function NewAchievement() {
  const { student, kinds, kind } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors: Record<string, string>; values: Record<string, string> }>();
  const chosen = (result?.values?.kind as typeof kind) ?? kind;
  return (
    <>
      <p>
        <Link to={`/students/${student.id}`}>← {student.name}</Link>
      </p>
      <h1>Новое достижение: {student.name}</h1>
      <AchievementForm kinds={kinds} kind={chosen && kinds.includes(chosen) ? chosen : null} values={result?.values ?? {}} errors={result?.errors} submitLabel="Отправить на проверку" />
    </>
  );
}
