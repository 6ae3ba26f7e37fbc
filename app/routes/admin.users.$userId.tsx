import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  ChildLinkSchema,
  ClassTeacherSchema,
  OwnRecordSchema,
  ResetPasswordSchema,
  SubjectTeachingSchema,
  UserActiveSchema,
  UserFieldsSchema,
  UserPageSchema,
} from "~/admin/forms";
import { assignTeaching, linkChild, resetPassword, setStudentOfUser, setUserActive, updateUserFields } from "~/admin/users.server";
import { notFound, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { FormErrors, SelectField } from "~/components/field";
import { Options } from "~/components/options";
import { UserFields } from "~/components/user-fields";
import { formatDateTime } from "~/domain/format";
import { replyFor } from "~/forms";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { getCurrentYear } from "~models/academic-year.server";
import { className, listClasses } from "~models/class.server";
import { fullName, getStudent, listChildrenOf, listStudentsOfClasses } from "~models/student.server";
import { listSubjects } from "~models/subject.server";
import { getUserInSchool } from "~models/user.server";
import { ROLE_LABELS } from "~models/vocabulary/roles";
import { useSchemaForm } from "~/components/use-schema-form";
import { ButtonForm } from "~/components/button-form";

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

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireUserWithPermission(request, "manage:users");
  const target = await getUserInSchool(schoolOf(admin), params.userId ?? "");
  if (!target) notFound();
  const submission = parseWithZod(await readForm(request, context), { schema: UserPageSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const input = submission.value;
  const here = `/admin/users/${target._id}`;
  try {
    switch (input.intent) {
      case "profile": {
        const { lastName, firstName, middleName, roles } = input;
        await updateUserFields(request, admin, target, { lastName, firstName, middleName, roles });
        return redirectWithNotice(here, "Данные сохранены");
      }
      case "activate":
      case "deactivate":
        await setUserActive(request, admin, target, input.intent === "activate");
        return redirectWithNotice(here, input.intent === "activate" ? "Учётная запись включена" : "Учётная запись отключена, её сеансы завершены");
      case "reset-password": {
        // Shown once, on the admin's own next page: the notice cookie is signed, httpOnly and lives a minute.
        const password = await resetPassword(request, admin, target);
        return redirectWithNotice(here, `Пароль сброшен. Временный пароль: ${password}. Передайте его пользователю; при входе он задаст свой.`);
      }
      case "link-child":
      case "unlink-child":
        await linkChild(request, admin, target, input.studentId, input.intent === "link-child");
        return redirectWithNotice(here, input.intent === "link-child" ? "Ребёнок привязан" : "Ребёнок отвязан");
      case "set-student":
        await setStudentOfUser(request, admin, target, input.studentId);
        return redirectWithNotice(here, "Личное дело привязано");
      case "lead-class":
      case "unlead-class":
        await assignTeaching(request, admin, target, { kind: "classTeacher", classId: input.classId, on: input.intent === "lead-class" });
        return redirectWithNotice(here, "Классное руководство обновлено");
      case "add-subject":
      case "remove-subject":
        await assignTeaching(request, admin, target, { kind: "subject", classId: input.classId, subjectId: input.subjectId, on: input.intent === "add-subject" });
        return redirectWithNotice(here, "Нагрузка обновлена");
    }
  } catch (error) {
    return replyRefused(submission, error);
  }
}

type Reply = SubmissionResult<string[]> | null | undefined;

/** A student chosen from a class: the class is picked first (a GET), then the student (the form). */
function StudentPicker({
  classes,
  picker,
  intent,
  label,
  lastResult,
}: {
  classes: { id: string; name: string }[];
  picker: { classId: string; students: { id: string; name: string }[] } | null;
  intent: "link-child" | "set-student";
  label: string;
  lastResult: Reply;
}) {
  const schema = intent === "link-child" ? ChildLinkSchema : OwnRecordSchema;
  const [form, fields] = useSchemaForm(schema, {
    id: intent,
    lastResult: replyFor(lastResult, intent),
  });
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
        <Form method="post" className="toolbar" {...getFormProps(form)}>
          <input type="hidden" name="intent" value={intent} />
          <SelectField label="Обучающийся" meta={fields.studentId}>
            <Options items={picker.students} />
          </SelectField>
          <button type="submit">{label}</button>
          <FormErrors form={form} />
        </Form>
      ) : (
        // A refusal after the class was left: the reason still shows.
        <FormErrors form={{ errorId: form.errorId, errors: Object.values(form.allErrors).flat() }} />
      )}
    </>
  );
}

function ProfileForm({ user, lastResult }: { user: { lastName: string; firstName: string; middleName: string; roles: string[] }; lastResult: Reply }) {
  const [form, fields] = useSchemaForm(UserFieldsSchema, {
    intent: "profile",
    lastResult,
    defaultValue: { intent: "profile", lastName: user.lastName, firstName: user.firstName, middleName: user.middleName, roles: user.roles },
  });
  return (
    <Form method="post" className="stack card" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="profile" />
      <UserFields fields={fields} />
      <FormErrors form={form} />
      <button type="submit">Сохранить</button>
    </Form>
  );
}

function LeadClassForm({ classes, lastResult }: { classes: { id: string; name: string }[]; lastResult: Reply }) {
  const [form, fields] = useSchemaForm(ClassTeacherSchema, {
    intent: "lead-class",
    lastResult,
  });
  return (
    <Form method="post" className="toolbar" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="lead-class" />
      <SelectField label="Назначить классным руководителем" meta={fields.classId}>
        <Options items={classes} />
      </SelectField>
      <button type="submit">Назначить</button>
      <FormErrors form={form} />
    </Form>
  );
}

function AddSubjectForm({ classes, subjects, lastResult }: { classes: { id: string; name: string }[]; subjects: { id: string; name: string }[]; lastResult: Reply }) {
  const [form, fields] = useSchemaForm(SubjectTeachingSchema, {
    intent: "add-subject",
    lastResult,
  });
  return (
    <Form method="post" className="toolbar" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="add-subject" />
      <SelectField label="Класс" meta={fields.classId}>
        <Options items={classes} />
      </SelectField>
      <SelectField label="Предмет" meta={fields.subjectId}>
        <Options items={subjects} />
      </SelectField>
      <button type="submit">Добавить</button>
      <FormErrors form={form} />
    </Form>
  );
}

export default function EditUser() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
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

      <div className="card">
        <dl className="facts">
          <dt>Роли</dt>
          <dd>{user.roleLabels}</dd>
          <dt>Состояние</dt>
          <dd>
            {user.active ? "включена" : "отключена"}
            {user.mustChangePassword ? ", ждёт смены пароля" : ""}
          </dd>
          <dt>Последний вход</dt>
          <dd>{formatDateTime(user.lastLoginAt)}</dd>
        </dl>
        {user.isSelf ? null : (
          <div className="toolbar" style={{ marginTop: "0.75rem" }}>
            <ButtonForm schema={UserActiveSchema} intent={user.active ? "deactivate" : "activate"} lastResult={lastResult}>
              <button type="submit" className={user.active ? "danger" : undefined}>
                {user.active ? "Отключить учётную запись" : "Включить учётную запись"}
              </button>
            </ButtonForm>
            <ButtonForm schema={ResetPasswordSchema} intent="reset-password" lastResult={lastResult}>
              <button type="submit" className="secondary">
                Сбросить пароль
              </button>
            </ButtonForm>
          </div>
        )}
      </div>

      <h2>Данные и роли</h2>
      <ProfileForm user={user} lastResult={lastResult} />

      {has("parent") ? (
        <>
          <h2>Дети (законный представитель)</h2>
          <div className="card">
            {data.children.length === 0 ? <p className="muted">Не привязаны.</p> : null}
            <ul>
              {data.children.map((c) => (
                <li key={c.id}>
                  {c.name}{" "}
                  <ButtonForm schema={ChildLinkSchema} intent="unlink-child" hidden={{ studentId: c.id }} lastResult={lastResult} inline>
                    <button type="submit" className="link-button">
                      отвязать
                    </button>
                  </ButtonForm>
                </li>
              ))}
            </ul>
            <StudentPicker classes={data.classes} picker={data.picker} intent="link-child" label="Привязать ребёнка" lastResult={lastResult} />
          </div>
        </>
      ) : null}

      {has("student") ? (
        <>
          <h2>Личное дело обучающегося</h2>
          <div className="card">
            <p>{data.ownRecord ? data.ownRecord.name : <span className="muted">Не связано: обучающийся не увидит своего портфолио.</span>}</p>
            <StudentPicker classes={data.classes} picker={data.picker} intent="set-student" label="Связать" lastResult={lastResult} />
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
                        <span key={c.id} style={{ marginRight: "0.75rem" }}>
                          {c.name}{" "}
                          <ButtonForm schema={ClassTeacherSchema} intent="unlead-class" hidden={{ classId: c.id }} lastResult={lastResult} inline>
                            <button type="submit" className="link-button">
                              снять
                            </button>
                          </ButtonForm>
                        </span>
                      ))}
                </p>
                <LeadClassForm classes={data.classes} lastResult={lastResult} />
              </>
            ) : null}
            {has("teacher") ? (
              <>
                <p>Ведёт предметы:</p>
                <ul>
                  {data.teaches.map((t) => (
                    <li key={`${t.classId}-${t.subjectId}`}>
                      {t.label}{" "}
                      <ButtonForm
                        schema={SubjectTeachingSchema}
                        intent="remove-subject"
                        hidden={{ classId: t.classId, subjectId: t.subjectId }}
                        lastResult={lastResult}
                        inline
                      >
                        <button type="submit" className="link-button">
                          снять
                        </button>
                      </ButtonForm>
                    </li>
                  ))}
                </ul>
                <AddSubjectForm classes={data.classes} subjects={data.subjects} lastResult={lastResult} />
              </>
            ) : null}
          </div>
        </>
      ) : null}
    </>
  );
}
