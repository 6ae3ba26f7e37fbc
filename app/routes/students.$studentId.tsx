import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { StudentRecordView } from "~/components/student-record";
import { readStudentRecord } from "~/student-record.server";

export const access: RouteAccess = "read:students";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.student.name ?? "Обучающийся"} — Реестр достижений` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:students");
  return readStudentRecord(request, user, params.studentId ?? "");
}

export default function StudentPage() {
  const record = useLoaderData<typeof loader>();
  return <StudentRecordView record={record} staff />;
}
