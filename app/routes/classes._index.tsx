import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { includesId, notFound, reachableClassIds, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { can, type RouteAccess } from "~/auth/permissions";
import { NewClassSchema } from "~/classes/forms";
import { addClass, staffWithRole } from "~/classes/manage.server";
import { NewClassForm } from "~/components/class-forms";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { getCurrentYear, listYears } from "~models/academic-year.server";
import { className, listClasses } from "~models/class.server";
import { countStudentsByClass, fullName } from "~models/student.server";
import { listUserNames } from "~models/user.server";

export const access: RouteAccess = "read:classes";
export const meta: MetaFunction = () => [{ title: "Классы — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:classes");
  const schoolId = schoolOf(user);
  const reach = await reachableClassIds(user);
  // Staff who reach the whole school also open the classes of past years (a teacher's reach is this year's).
  const years = reach === null ? await listYears(schoolId) : [];
  const asked = new URL(request.url).searchParams.get("year");
  const year = years.find((y) => y.name === asked) ?? (await getCurrentYear(schoolId));
  // The administration makes the current year's classes here (manage:classes); the others only see them.
  const canManage = can(user.roles, "manage:classes") && !!year?.current;
  const otherYears = years.filter((y) => y.name !== year?.name).map((y) => ({ name: y.name, closed: !!y.closedAt, current: !!y.current }));
  if (!year) return { year: null, current: false, otherYears, classes: [], canManage: false, classTeachers: [] };
  const classes = (await listClasses(schoolId, year._id)).filter((c) => includesId(reach, c._id));
  const counts = await countStudentsByClass({ schoolId, classIds: classes.map((c) => c._id) });
  const teachers = await listUserNames({ schoolId, userIds: classes.map((c) => c.classTeacherId).filter((id) => id != null) });
  return {
    year: year.name,
    current: !!year.current,
    otherYears,
    canManage,
    classTeachers: canManage ? await staffWithRole(schoolId, "classTeacher") : [],
    classes: classes.map((c) => {
      const teacher = teachers.find((t) => String(t._id) === String(c.classTeacherId));
      return {
        id: String(c._id),
        name: className(c),
        students: counts.get(String(c._id)) ?? 0,
        teacher: teacher ? fullName(teacher) : "не назначен",
        mine: String(c.classTeacherId) === String(user._id),
      };
    }),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:classes");
  if (!can(user.roles, "manage:classes")) notFound();
  const submission = parseWithZod(await readForm(request, context), { schema: NewClassSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    const created = await addClass(request, user, submission.value);
    return redirectWithNotice("/classes", `Класс ${created.grade}${created.letter} создан`);
  } catch (error) {
    return replyRefused(submission, error);
  }
}

export default function Classes() {
  const { year, current, otherYears, classes, canManage, classTeachers } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  if (!year) return <p className="card">Текущий учебный год не задан.</p>;
  return (
    <>
      <h1>Классы, {year} учебный год</h1>
      {otherYears.length ? (
        <p className="toolbar">
          <span className="muted">Другие учебные годы:</span>
          {otherYears.map((y) => (
            <Link key={y.name} to={y.current ? "/classes" : `/classes?year=${encodeURIComponent(y.name)}`}>
              {y.name}
              {y.current ? " (текущий)" : y.closed ? " (закрыт)" : ""}
            </Link>
          ))}
        </p>
      ) : null}
      {!current ? <p className="notice">Классы прошлого учебного года: только просмотр.</p> : null}
      {classes.length === 0 ? (
        <p className="card">{canManage ? "В этом году классов ещё нет." : "За вами не закреплено ни одного класса в этом году."}</p>
      ) : null}
      <div className="grid-cards">
        {classes.map((c) => (
          <Link key={c.id} to={`/classes/${c.id}`} className="card" style={{ textDecoration: "none", color: "inherit" }}>
            <strong style={{ fontSize: "1.4rem" }}>{c.name}</strong>
            {c.mine ? (
              <span className="badge" style={{ marginLeft: "0.5rem" }}>
                мой класс
              </span>
            ) : null}
            <div className="muted">Классный руководитель: {c.teacher}</div>
            <div>Обучающихся: {c.students}</div>
          </Link>
        ))}
      </div>
      {canManage ? (
        <>
          <h2>Новый класс</h2>
          <NewClassForm classTeachers={classTeachers} lastResult={lastResult} />
        </>
      ) : null}
    </>
  );
}
