import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireUserWithPermission } from "~/auth/access.server";
import { can, type RouteAccess } from "~/auth/permissions";
import { EmptyState } from "~/components/empty-state";
import { PageHeader } from "~/components/page-header";
import { IssuedCredentials } from "~/components/issued-credentials";
import { WithdrawDocumentForm } from "~/components/withdraw-document-form";
import { studentCredentials } from "~/credentials/staff.server";
import { withdrawDocument } from "~/documents/extracts.server";
import { WithdrawDocumentSchema } from "~/documents/forms";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";

export const access: RouteAccess = "read:students";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Цифровые бейджи: ${data?.student.name ?? ""} — Реестр достижений` }];

/** The credentials issued for a student (Open Badges 3.0, CLR 2.0), with «Отозвать» for those who verify. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:students");
  return studentCredentials(request, user, params.studentId ?? "");
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:students");
  // Withdrawing is for those who verify this student's achievements (withdrawDocument checks whose).
  if (!can(user.roles, "verify:achievements")) notFound();
  const submission = parseWithZod(await readForm(request, context), { schema: WithdrawDocumentSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await withdrawDocument(request, user, submission.value);
  } catch (error) {
    return replyRefused(submission, error);
  }
  return redirectWithNotice(`/students/${params.studentId}/badges`, "Бейдж отозван: проверка показывает его недействительным.");
}

export default function StudentBadges() {
  const { student, canWithdraw, issued } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <PageHeader title="Цифровые бейджи" back={{ to: `/students/${student.id}`, label: student.name }} />
      <p className="muted">
        Семья скачивает подтверждённые достижения как цифровые бейджи (Open Badges 3.0) и портфолио (CLR 2.0) со своей страницы. Отозванный бейдж становится
        недействительным при любой проверке; отзыв подтверждения достижения отзывает и все бейджи с ним.
      </p>
      {issued.length === 0 ? (
        <EmptyState title="Бейджей не выдавали." />
      ) : (
        <IssuedCredentials rows={issued} withdraw={canWithdraw ? (d) => <WithdrawDocumentForm id={d.id} lastResult={lastResult} /> : undefined} />
      )}
    </>
  );
}
