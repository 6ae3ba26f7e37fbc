import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ClassPageSchema } from "~/classes/forms";
import { changeClassTeacher, changeSubjectTeacher, classStaffing, removeEmptyClass, staffWithRole } from "~/classes/manage.server";
import { AddSubjectTeacherForm, ClassTeacherForm, RemoveClassForm, RemoveSubjectTeacherForm } from "~/components/class-forms";
import { ReplyErrors } from "~/components/field";
import { replyFor } from "~/forms";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { getCurrentYear } from "~models/academic-year.server";
import { includesId, ledClassIds, notFound, reachableClassIds, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import { can, type RouteAccess } from "~/auth/permissions";
import { formatDate } from "~/domain/format";
import { getYear } from "~models/academic-year.server";
import { className, getClass } from "~models/class.server";
import { fullName, listStudentsOfClasses } from "~models/student.server";
import { countByStudent } from "~models/achievement.server";
import { TableBox } from "~/components/table-box";

export const access: RouteAccess = "read:classes";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.name ?? "Класс"} — Реестр достижений` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:classes");
  const schoolId = schoolOf(user);
  const schoolClass = await getClass(schoolId, params.classId ?? "");
  if (!schoolClass) notFound();
  const reach = await reachableClassIds(user);
  if (!includesId(reach, schoolClass._id)) notFound();
  const year = await getYear({ schoolId, yearId: schoolClass.yearId });
  // Those who moved to another class or left during the year stay on the list, marked.
  const students = await listStudentsOfClasses(schoolId, [schoolClass._id], { withFormer: true });
  const counts = await countByStudent(schoolId, students.map((s) => s._id));
  await audit(request, user, { action: "read", entity: "class", entityId: String(schoolClass._id), summary: `список ${className(schoolClass)} класса` });
  const staffing = await classStaffing(schoolId, schoolClass);
  // The administration staffs the classes of the current year (manage:classes); the others see who teaches.
  const current = await getCurrentYear(schoolId);
  const canManage = can(user.roles, "manage:classes") && !!current && String(current._id) === String(schoolClass.yearId);
  return {
    ...staffing,
    manage: canManage
      ? { classTeachers: await staffWithRole(schoolId, "classTeacher"), teachers: await staffWithRole(schoolId, "teacher") }
      : null,
    id: String(schoolClass._id),
    name: className(schoolClass),
    year: year?.name ?? "",
    canExport: can(user.roles, "export:portfolios") && includesId(await ledClassIds(user), schoolClass._id),
    students: students.map((s, i) => {
      const c = counts.get(String(s._id));
      return { n: i + 1, id: String(s._id), name: fullName(s), birthDate: s.birthDate, left: s.leftAt ?? null, movedOut: s.leftAt ? null : s.until, verified: c?.verified ?? 0, submitted: c?.submitted ?? 0, total: c ? c.draft + c.submitted + c.verified + c.rejected : 0 };
    }),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:classes");
  if (!can(user.roles, "manage:classes")) notFound();
  const schoolClass = await getClass(schoolOf(user), params.classId ?? "");
  if (!schoolClass) notFound();
  const submission = parseWithZod(await readForm(request, context), { schema: ClassPageSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const input = submission.value;
  const here = `/classes/${schoolClass._id}`;
  try {
    switch (input.intent) {
      case "class-teacher": {
        const teacher = await changeClassTeacher(request, user, schoolClass, input.teacherId);
        return redirectWithNotice(here, teacher ? `Классный руководитель ${className(schoolClass)} класса — ${teacher}` : "Классный руководитель снят");
      }
      case "add-subject-teacher":
      case "remove-subject-teacher": {
        const on = input.intent === "add-subject-teacher";
        const { teacher, subject } = await changeSubjectTeacher(request, user, schoolClass, { subjectId: input.subjectId, teacherId: input.teacherId, on });
        return redirectWithNotice(here, on ? `${teacher} ведёт «${subject}» в ${className(schoolClass)} классе` : `${teacher} больше не ведёт «${subject}» в ${className(schoolClass)} классе`);
      }
      case "remove-class":
        await removeEmptyClass(request, user, schoolClass);
        return redirectWithNotice("/classes", `Класс ${className(schoolClass)} удалён`);
    }
  } catch (error) {
    return replyRefused(submission, error);
  }
}

export default function ClassPage() {
  const { id, name, year, students, canExport, classTeacher, subjects, manage } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>
        {name} класс <span className="muted">({year})</span>
      </h1>
      <p className="toolbar">
        <Link to={`/classes/${id}/summary`}>Сводная ведомость и показатели</Link>
        {canExport ? <Link to={`/classes/${id}/portfolios`}>Портфолио класса одним архивом (ZIP)</Link> : null}
      </p>
      <p>Классный руководитель: {classTeacher ? classTeacher.name : "не назначен"}</p>
      <TableBox label="Обучающиеся класса">
        <thead>
          <tr>
            <th className="num">№</th>
            <th>Обучающийся</th>
            <th>Дата рождения</th>
            <th className="num">Достижений подтверждено</th>
            <th className="num">На проверке</th>
            <th className="num">Всего</th>
          </tr>
        </thead>
        <tbody>
          {students.map((s) => (
            <tr key={s.id}>
              <td className="num">{s.n}</td>
              <td>
                <Link to={`/students/${s.id}`}>{s.name}</Link> {s.left ? <span className="badge off">выбыл(а) {formatDate(s.left)}</span> : null}
                {s.movedOut ? <span className="badge off">переведён(а) в другой класс {formatDate(s.movedOut)}</span> : null}
              </td>
              <td>{formatDate(s.birthDate)}</td>
              <td className="num">{s.verified}</td>
              <td className="num">{s.submitted || ""}</td>
              <td className="num">{s.total}</td>
            </tr>
          ))}
        </tbody>
      </TableBox>

      <h2>Учителя класса</h2>
      {manage ? <ClassTeacherForm current={classTeacher?.id ?? null} classTeachers={manage.classTeachers} lastResult={lastResult} /> : null}
      <TableBox label="Учителя класса">
        <thead>
          <tr>
            <th>Предмет</th>
            <th>Учитель</th>
            {manage ? <th>Назначить</th> : null}
          </tr>
        </thead>
        <tbody>
          {subjects.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>
                {s.teachers.length === 0 ? <span className="muted">не назначен</span> : null}
                {s.teachers.map((t) => (
                  <div key={t.id}>
                    {t.name} {manage ? <RemoveSubjectTeacherForm subjectId={s.id} teacherId={t.id} lastResult={lastResult} /> : null}
                  </div>
                ))}
              </td>
              {manage ? (
                <td>
                  <AddSubjectTeacherForm subjectId={s.id} subjectName={s.name} teachers={manage.teachers} lastResult={lastResult} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </TableBox>
      {manage ? (
        students.length === 0 ? (
          <div className="toolbar" style={{ marginTop: "1rem" }}>
            <RemoveClassForm name={name} lastResult={lastResult} />
          </div>
        ) : (
          <>
            <p className="muted">Класс с обучающимися не удаляется.</p>
            <ReplyErrors id="remove-class-error" result={replyFor(lastResult, "remove-class")} />
          </>
        )
      ) : null}
    </>
  );
}
