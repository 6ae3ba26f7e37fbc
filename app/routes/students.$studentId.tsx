import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { notFound, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import { can, type RouteAccess } from "~/auth/permissions";
import { Field, FormErrors, SelectField } from "~/components/field";
import { Options } from "~/components/options";
import { StudentRecordView } from "~/components/student-record";
import { useSchemaForm } from "~/components/use-schema-form";
import { formatDate, todayIso } from "~/domain/format";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { departStudent, moveStudent } from "~/roster/by-hand.server";
import { StudentMoveSchema } from "~/roster/forms";
import { readStudentRecord } from "~/student-record.server";
import { getCurrentYear } from "~models/academic-year.server";
import { className, listClasses } from "~models/class.server";

export const access: RouteAccess = "read:students";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.student.name ?? "Обучающийся"} — Реестр достижений` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:students");
  // The administration moves a student, records a departure, and hands a lost login slip again: the
  // year's classes for its form are read alongside the record, not after it.
  const [record, roster] = await Promise.all([readStudentRecord(request, user, params.studentId ?? ""), can(user.roles, "manage:roster") ? classesOfCurrentYear(schoolOf(user)) : null]);
  return {
    ...record,
    manage: roster && !record.student.leftAt ? { classes: roster.classes, today: todayIso(), yearStart: roster.yearStart } : null,
    canIssueRecord: can(user.roles, "issue:academic-records"),
  };
}

async function classesOfCurrentYear(schoolId: ReturnType<typeof schoolOf>) {
  const year = await getCurrentYear(schoolId);
  if (!year) return null;
  const classes = (await listClasses(schoolId, year._id)).map((c) => ({ id: String(c._id), name: className(c) }));
  return { classes, yearStart: year.startDate.toISOString().slice(0, 10) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:students");
  // Moves and departures are the administration's: anyone else finds nothing to send here.
  if (!can(user.roles, "manage:roster")) notFound();
  const schoolId = schoolOf(user);
  const studentId = params.studentId ?? "";
  const submission = parseWithZod(await readForm(request, context), { schema: StudentMoveSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const input = submission.value;
  try {
    if (input.intent === "move") {
      const moved = await moveStudent({ schoolId, studentId, classId: input.classId, on: input.on });
      await audit(request, user, { action: "update", entity: "roster", entityId: studentId, summary: `${moved.name}: перевод из ${moved.from} в ${moved.to} с ${formatDate(moved.on)}` });
      return redirectWithNotice(`/students/${studentId}`, `${moved.name} переведён(а) из ${moved.from} в ${moved.to} класс с ${formatDate(moved.on)}. Отметки, выставленные в ${moved.from}, остаются в его ведомостях.`);
    }
    const left = await departStudent({ schoolId, studentId, on: input.on, to: input.to ?? "" });
    await audit(request, user, { action: "update", entity: "roster", entityId: studentId, summary: `${left.name}: выбытие ${formatDate(left.on)}${input.to ? `, ${input.to}` : ""}` });
    return redirectWithNotice(`/students/${studentId}`, `${left.name} выбыл(а) ${formatDate(left.on)}: личное дело только для чтения.`);
  } catch (error) {
    return replyRefused(submission, error);
  }
}

type Reply = SubmissionResult<string[]> | null | undefined;

export default function StudentPage() {
  const { manage, canIssueRecord, ...record } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <StudentRecordView record={record} staff />
      {canIssueRecord ? (
        <Form method="post" action={`/students/${record.student.id}/record.pdf`} reloadDocument className="card toolbar">
          <input type="hidden" name="intent" value="issue" />
          <span>Справка об обучении и успеваемости за учебный год: отметки по периодам, текущие отметки, промежуточная аттестация; с кодом проверки.</span>
          <button type="submit">Выдать справку (PDF)</button>
        </Form>
      ) : null}
      {manage ? <ManageStudent studentId={record.student.id} {...manage} lastResult={lastResult} /> : null}
    </>
  );
}

function ManageStudent({ studentId, classes, today, yearStart, lastResult }: { studentId: string; classes: { id: string; name: string }[]; today: string; yearStart: string; lastResult: Reply }) {
  const busy = useNavigation().state !== "idle";
  const [moveForm, move] = useSchemaForm(StudentMoveSchema, { intent: "move", lastResult, defaultValue: { on: today } });
  const [departForm, depart] = useSchemaForm(StudentMoveSchema, { intent: "depart", lastResult, defaultValue: { on: today } });
  return (
    <div className="card">
      <h2>Движение обучающегося</h2>
      <Form method="post" className="toolbar" {...getFormProps(moveForm)}>
        <input type="hidden" name="intent" value="move" />
        <SelectField label="Перевести в класс" meta={move.classId} defaultValue="">
          <option value="" disabled>
            — выберите —
          </option>
          <Options items={classes} />
        </SelectField>
        <Field label="с даты" type="date" meta={move.on} min={yearStart} max={today} />
        <button type="submit" disabled={busy}>
          Перевести
        </button>
        <FormErrors form={moveForm} />
      </Form>
      <Form method="post" className="toolbar" {...getFormProps(departForm)}>
        <input type="hidden" name="intent" value="depart" />
        <Field label="Дата выбытия" type="date" meta={depart.on} min={yearStart} max={today} />
        <Field label="Куда" meta={depart.to} maxLength={200} placeholder="школа, город" />
        <button type="submit" disabled={busy}>
          Отметить выбытие
        </button>
        <FormErrors form={departForm} />
      </Form>
      <Form method="post" action="/admin/roster/slips.pdf" reloadDocument>
        <input type="hidden" name="intent" value="reslip" />
        <input type="hidden" name="studentId" value={studentId} />
        <p className="muted">Листок входа потерян? Новый листок даст новые пароли для первого входа ученику и его родителям; прежние перестанут действовать.</p>
        <button type="submit">Выдать листок входа заново (PDF)</button>
      </Form>
    </div>
  );
}
