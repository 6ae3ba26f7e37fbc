import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { assignTeaching, linkChild, resetPassword, setStudentOfUser, setUserActive, updateUserFields } from "~/admin/users.server";
import { UserFieldsSchema } from "~/admin/user-form";
import { notFound, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { Options } from "~/components/options";
import { ROLE_LABELS } from "~models/vocabulary/roles";
import { UserFields } from "~/components/user-fields";
import { formatDateTime } from "~/domain/format";
import { parseForm } from "~/forms";
import { getCurrentYear } from "~models/academic-year.server";
import { className, listClasses } from "~models/class.server";
import { fullName, getStudent, listChildrenOf, listStudentsOfClasses } from "~models/student.server";
import { listSubjects } from "~models/subject.server";
import { getUserInSchool } from "~models/user.server";
import { readForm } from "~/http/read-form.server";
import { Refusal } from "~/http/refusals";

export const access: RouteAccess = "manage:users";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.name ?? "Пользователь"} — Реестр достижений` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireUserWithPermission(request, "manage:users");
  const schoolId = schoolOf(admin);
  const target = await getUserInSchool(schoolId, params.userId ?? "");
  if (!target) notFound();
  const year = await getCurrentYear(schoolId);
  const [classes, subjects] = await Promise.all([year ? listClasses(schoolId, year._id) : [], listSubjects(schoolId)]);
  const pickClassId = new URL(request.url).searchParams.get("class");
  const pickClass = classes.find((c) => String(c._id) === pickClassId);
  const picked = pickClass ? await listStudentsOfClasses(schoolId, [pickClass._id]) : [];
  const children = target.roles.includes("parent") ? await listChildrenOf(schoolId, target._id) : [];
  const ownRecord = target.studentId ? await getStudent(schoolId, String(target.studentId), null) : null;
  const subjectName = (id: unknown) => subjects.find((s) => String(s._id) === String(id))?.name ?? "—";
  return {
    user: {
      id: String(target._id),
      name: fullName(target),
      login: target.login,
      lastName: target.lastName,
      firstName: target.firstName,
      middleName: target.middleName ?? "",
      roles: target.roles,
      roleLabels: target.roles.map((r) => ROLE_LABELS[r]).join(", "),
      active: target.active,
      mustChangePassword: target.mustChangePassword,
      lastLoginAt: target.lastLoginAt,
      isSelf: String(target._id) === String(admin._id),
    },
    classes: classes.map((c) => ({ id: String(c._id), name: className(c) })),
    subjects: subjects.map((s) => ({ id: String(s._id), name: s.name })),
    leads: classes.filter((c) => String(c.classTeacherId) === String(target._id)).map((c) => ({ id: String(c._id), name: className(c) })),
    teaches: classes.flatMap((c) =>
      c.subjectTeachers
        .filter((t) => String(t.userId) === String(target._id))
        .map((t) => ({ classId: String(c._id), subjectId: String(t.subjectId), label: `${className(c)} — ${subjectName(t.subjectId)}` })),
    ),
    children: children.map((c) => ({ id: String(c._id), name: fullName(c) })),
    ownRecord: ownRecord ? { id: String(ownRecord._id), name: fullName(ownRecord) } : null,
    picker: pickClass ? { classId: String(pickClass._id), students: picked.map((s) => ({ id: String(s._id), name: fullName(s) })) } : null,
  };
}

const Intent = z.enum(["profile", "activate", "deactivate", "reset-password", "link-child", "unlink-child", "set-student", "lead-class", "unlead-class", "add-subject", "remove-subject"]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireUserWithPermission(request, "manage:users");
  const target = await getUserInSchool(schoolOf(admin), params.userId ?? "");
  if (!target) notFound();
  const formData = await readForm(request, context);
  const intent = Intent.safeParse(formData.get("intent"));
  if (!intent.success) return Response.json({ errors: { form: "Неизвестное действие" } }, { status: 400 });
  const field = (name: string) => String(formData.get(name) ?? "");
  try {
    switch (intent.data) {
      case "profile": {
        const form = parseForm(UserFieldsSchema, formData);
        if (!form.ok) return Response.json({ errors: form.errors }, { status: 400 });
        await updateUserFields(request, admin, target, { ...form.data, middleName: form.data.middleName ?? "" });
        return { notice: "Данные сохранены" };
      }
      case "activate":
      case "deactivate":
        await setUserActive(request, admin, target, intent.data === "activate");
        return { notice: intent.data === "activate" ? "Учётная запись включена" : "Учётная запись отключена, её сеансы завершены" };
      case "reset-password":
        return { notice: "Пароль сброшен", password: await resetPassword(request, admin, target) };
      case "link-child":
      case "unlink-child":
        await linkChild(request, admin, target, field("studentId"), intent.data === "link-child");
        return { notice: intent.data === "link-child" ? "Ребёнок привязан" : "Ребёнок отвязан" };
      case "set-student":
        await setStudentOfUser(request, admin, target, field("studentId"));
        return { notice: "Личное дело привязано" };
      case "lead-class":
      case "unlead-class":
        await assignTeaching(request, admin, target, { kind: "classTeacher", classId: field("classId"), on: intent.data === "lead-class" });
        return { notice: "Классное руководство обновлено" };
      case "add-subject":
      case "remove-subject":
        await assignTeaching(request, admin, target, { kind: "subject", classId: field("classId"), subjectId: field("subjectId"), on: intent.data === "add-subject" });
        return { notice: "Нагрузка обновлена" };
    }
  } catch (error) {
    if (error instanceof Refusal) return Response.json({ errors: { [error.field ?? "form"]: error.message } }, { status: error.status });
    throw error;
  }
}

type ActionResult = { notice?: string; password?: string; errors?: Record<string, string> };

function StudentPicker({ classes, picker, intent, label }: { classes: { id: string; name: string }[]; picker: { classId: string; students: { id: string; name: string }[] } | null; intent: string; label: string }) {
  return (
    <>
      <Form method="get" className="toolbar">
        <label>
          Класс
          <select name="class" defaultValue={picker?.classId ?? ""}>
            <option value="">выберите класс</option>
            <Options items={classes} />
          </select>
        </label>
        <button type="submit" className="secondary">
          Показать обучающихся
        </button>
      </Form>
      {picker ? (
        <Form method="post" className="toolbar">
          <input type="hidden" name="intent" value={intent} />
          <label>
            Обучающийся
            <select name="studentId" required>
              <Options items={picker.students} />
            </select>
          </label>
          <button type="submit">{label}</button>
        </Form>
      ) : null}
    </>
  );
}

export default function EditUser() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const [params] = useSearchParams();
  const { user } = data;
  const has = (role: string) => user.roles.includes(role as never);
  return (
    <>
      <p>
        <Link to="/admin/users">← Пользователи</Link>
      </p>
      <h1>
        {user.name} <span className="muted">({user.login})</span>
      </h1>
      {params.get("created") ? <p className="notice">Учётная запись создана. При первом входе пользователь сменит пароль.</p> : null}
      {result?.notice ? <p className="notice">{result.notice}</p> : null}
      {result?.password ? (
        <p className="alert">
          Временный пароль: <strong data-testid="temporary-password">{result.password}</strong>. Передайте его пользователю; при входе он задаст свой.
        </p>
      ) : null}
      {result?.errors?.form || result?.errors?.studentId || result?.errors?.classId ? (
        <p className="alert">{result.errors.form ?? result.errors.studentId ?? result.errors.classId}</p>
      ) : null}

      <div className="card">
        <dl className="facts">
          <dt>Роли</dt>
          <dd>{user.roleLabels}</dd>
          <dt>Состояние</dt>
          <dd>{user.active ? "включена" : "отключена"}{user.mustChangePassword ? ", ждёт смены пароля" : ""}</dd>
          <dt>Последний вход</dt>
          <dd>{formatDateTime(user.lastLoginAt)}</dd>
        </dl>
        {user.isSelf ? null : (
          <div className="toolbar" style={{ marginTop: "0.75rem" }}>
            <Form method="post">
              <input type="hidden" name="intent" value={user.active ? "deactivate" : "activate"} />
              <button type="submit" className={user.active ? "danger" : undefined}>
                {user.active ? "Отключить учётную запись" : "Включить учётную запись"}
              </button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="reset-password" />
              <button type="submit" className="secondary">
                Сбросить пароль
              </button>
            </Form>
          </div>
        )}
      </div>

      <h2>Данные и роли</h2>
      <Form method="post" className="stack card" noValidate>
        <input type="hidden" name="intent" value="profile" />
        <UserFields values={user} errors={result?.errors} />
        <button type="submit">Сохранить</button>
      </Form>

      {has("parent") ? (
        <>
          <h2>Дети (законный представитель)</h2>
          <div className="card">
            {data.children.length === 0 ? <p className="muted">Не привязаны.</p> : null}
            <ul>
              {data.children.map((c) => (
                <li key={c.id}>
                  {c.name}{" "}
                  <Form method="post" style={{ display: "inline" }}>
                    <input type="hidden" name="intent" value="unlink-child" />
                    <input type="hidden" name="studentId" value={c.id} />
                    <button type="submit" className="link-button">
                      отвязать
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
            <StudentPicker classes={data.classes} picker={data.picker} intent="link-child" label="Привязать ребёнка" />
          </div>
        </>
      ) : null}

      {has("student") ? (
        <>
          <h2>Личное дело обучающегося</h2>
          <div className="card">
            <p>{data.ownRecord ? data.ownRecord.name : <span className="muted">Не связано: обучающийся не увидит своего портфолио.</span>}</p>
            <StudentPicker classes={data.classes} picker={data.picker} intent="set-student" label="Связать" />
          </div>
        </>
      ) : null}

      {has("classTeacher") || has("teacher") ? (
        <>
          <h2>Классы и предметы в этом учебном году</h2>
          <div className="card">
            {has("classTeacher") ? (
              <>
                <p>
                  Классный руководитель:{" "}
                  {data.leads.length === 0
                    ? "—"
                    : data.leads.map((c) => (
                        <Form key={c.id} method="post" style={{ display: "inline", marginRight: "0.75rem" }}>
                          {c.name}
                          <input type="hidden" name="intent" value="unlead-class" />
                          <input type="hidden" name="classId" value={c.id} />{" "}
                          <button type="submit" className="link-button">
                            снять
                          </button>
                        </Form>
                      ))}
                </p>
                <Form method="post" className="toolbar">
                  <input type="hidden" name="intent" value="lead-class" />
                  <label>
                    Назначить классным руководителем
                    <select name="classId">
                      <Options items={data.classes} />
                    </select>
                  </label>
                  <button type="submit">Назначить</button>
                </Form>
              </>
            ) : null}
            {has("teacher") ? (
              <>
                <p>Ведёт предметы:</p>
                <ul>
                  {data.teaches.map((t) => (
                    <li key={`${t.classId}-${t.subjectId}`}>
                      {t.label}{" "}
                      <Form method="post" style={{ display: "inline" }}>
                        <input type="hidden" name="intent" value="remove-subject" />
                        <input type="hidden" name="classId" value={t.classId} />
                        <input type="hidden" name="subjectId" value={t.subjectId} />
                        <button type="submit" className="link-button">
                          снять
                        </button>
                      </Form>
                    </li>
                  ))}
                </ul>
                <Form method="post" className="toolbar">
                  <input type="hidden" name="intent" value="add-subject" />
                  <label>
                    Класс
                    <select name="classId">
                      <Options items={data.classes} />
                    </select>
                  </label>
                  <label>
                    Предмет
                    <select name="subjectId">
                      <Options items={data.subjects} />
                    </select>
                  </label>
                  <button type="submit">Добавить</button>
                </Form>
              </>
            ) : null}
          </div>
        </>
      ) : null}
    </>
  );
}
