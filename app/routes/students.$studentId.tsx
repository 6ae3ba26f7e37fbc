import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "~/auth/access.server";
import { can, type RouteAccess } from "~/auth/permissions";
import { StudentRecordView } from "~/components/student-record";
import { readStudentRecord } from "~/student-record.server";

export const access: RouteAccess = "read:students";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.student.name ?? "Обучающийся"} — Реестр достижений` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:students");
  const record = await readStudentRecord(request, user, params.studentId ?? "");
  // The administration hands a family a lost login slip again (new passwords for that family only).
  return { ...record, canReslip: can(user.roles, "manage:roster") && !record.student.leftAt };
}

export default function StudentPage() {
  const { canReslip, ...record } = useLoaderData<typeof loader>();
  return (
    <>
      <StudentRecordView record={record} staff />
      {canReslip ? (
        <Form method="post" action="/admin/roster/slips.pdf" reloadDocument className="card">
          <input type="hidden" name="intent" value="reslip" />
          <input type="hidden" name="studentId" value={record.student.id} />
          <p className="muted">Листок входа потерян? Новый листок даст новые пароли для первого входа ученику и его родителям; прежние перестанут действовать.</p>
          <button type="submit">Выдать листок входа заново (PDF)</button>
        </Form>
      ) : null}
    </>
  );
}
