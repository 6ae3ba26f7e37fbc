import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { ErrorList, Field, FormErrors, TextareaField } from "~/components/field";
import { YearSelect } from "~/components/period-select";
import { formatDate, formatDateTime, todayIso } from "~/domain/format";
import { replyFor } from "~/forms";
import { studentEligibility } from "~/gifted/eligibility.server";
import { CancelEntryForm, ConditionsForm, GiftedRecordForm, InclusionForm } from "~/gifted/forms";
import { GIFTED_RECORD_LIMITS } from "~models/vocabulary/limits";
import { chosenYear } from "~/gifted/years.server";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { Conflict, RefusedByRule } from "~/http/refusals";
import { addGiftedConditions, addGiftedInclusion, cancelGiftedEntry, getGiftedRecord } from "~models/gifted.server";
import { fullName, getStudent } from "~models/student.server";
import { studentLeftReason } from "~models/student.server";
import { subjectsOfStudent } from "~/curriculum/student-subjects.server";
import type { PublicUser } from "~models/user.server";
import { useSchemaForm } from "~/components/use-schema-form";
import { TableBox } from "~/components/table-box";

export const access: RouteAccess = "manage:gifted";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `ГИР: ${data?.student.name ?? ""} — Реестр достижений` }];

async function studentFor(user: PublicUser, studentId: string) {
  const schoolId = schoolOf(user);
  const student = await getStudent(schoolId, studentId, null);
  if (!student) notFound();
  return { schoolId, student };
}

/** Whether the student qualifies in a year and why, and what the school recorded: inclusion and special conditions. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:gifted");
  const { schoolId, student } = await studentFor(user, params.studentId ?? "");
  const { years, year } = await chosenYear(schoolId, request);
  const [eligibility, record, subjects] = await Promise.all([
    studentEligibility(schoolId, student._id, year),
    getGiftedRecord({ schoolId, studentId: student._id }),
    subjectsOfStudent({ schoolId, studentId: student._id, yearName: year }),
  ]);
  await audit(request, user, { action: "read", entity: "gifted", entityId: String(student._id), studentId: student._id, summary: `ГИР ${year}: ${fullName(student)}` });
  return {
    student: { id: String(student._id), name: fullName(student) },
    years,
    year,
    eligibility: {
      listLoaded: eligibility.listLoaded,
      qualifies: eligibility.qualifies,
      verdicts: eligibility.verdicts.map((v) => ({ id: v.achievement.id, title: v.achievement.title, year: v.achievement.academicYear, status: v.achievement.status, qualifies: v.qualifies, reason: v.reason })),
    },
    inclusions: (record?.inclusions ?? []).map((i) => ({ id: String(i._id), schoolYear: i.schoolYear, includedOn: i.includedOn, reference: i.reference, recordedAt: i.recordedAt, recordedByName: i.recordedByName, cancelledAt: i.cancelledAt, cancelReason: i.cancelReason })),
    conditions: (record?.conditions ?? []).map((c) => ({ id: String(c._id), schoolYear: c.schoolYear, subjects: c.subjects, conditions: c.conditions, order: c.order, recordedAt: c.recordedAt, recordedByName: c.recordedByName, cancelledAt: c.cancelledAt, cancelReason: c.cancelReason })),
    subjects: subjects.map((s) => s.name),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:gifted");
  const { schoolId, student } = await studentFor(user, params.studentId ?? "");
  const submission = parseWithZod(await readForm(request, context), { schema: GiftedRecordForm });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const form = submission.value;
  const recorded = { recordedAt: new Date(), recordedByName: fullName(user) };
  const key = { schoolId, studentId: student._id };
  let summary: string;
  try {
    // A student who left: their personal file is read-only.
    const left = await studentLeftReason({ schoolId, studentId: student._id });
    if (left) throw new RefusedByRule(left);
    if (form.intent === "include") {
      await addGiftedInclusion({ ...key, inclusion: { ...recorded, schoolYear: form.schoolYear, includedOn: new Date(`${form.includedOn}T00:00:00Z`), reference: form.reference } });
      summary = `ГИР: включение ${form.schoolYear}, ${form.reference}`;
    } else if (form.intent === "conditions") {
      // Only subjects the student studies that year (their grade's curriculum).
      const known = (await subjectsOfStudent({ schoolId, studentId: student._id, yearName: form.schoolYear })).map((s) => s.name);
      const subjects = form.subject.filter((s) => known.includes(s));
      if (subjects.length === 0) throw new RefusedByRule("Выберите хотя бы один предмет", "subject");
      await addGiftedConditions({ ...key, conditions: { ...recorded, schoolYear: form.schoolYear, subjects, conditions: form.conditions, order: form.order } });
      summary = `особые условия аттестации ${form.schoolYear}: ${subjects.join(", ")} (${form.order})`;
    } else {
      if (!(await cancelGiftedEntry(key, form.list, form.entryId, form.reason))) throw new Conflict("Запись уже отменена или не найдена");
      summary = `ГИР: отменена запись (${form.list === "inclusions" ? "включение" : "особые условия"}): ${form.reason}`;
    }
  } catch (error) {
    return replyRefused(submission, error);
  }
  await audit(request, user, { action: "update", entity: "gifted", entityId: String(student._id), studentId: student._id, summary });
  const year = "schoolYear" in form ? form.schoolYear : new URL(request.url).searchParams.get("year");
  return redirectWithNotice(`/students/${student._id}/gifted${year ? `?${new URLSearchParams({ year })}` : ""}`, "Записано.");
}

type Reply = SubmissionResult<string[]> | null;

export default function StudentGifted() {
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>() ?? null;
  const [includeForm, include] = useSchemaForm(InclusionForm, {
    // An entry recorded, the form starts empty again.
    id: `include-${page.inclusions.length}`,
    lastResult: replyFor(lastResult, "include"),
  });
  const [conditionsForm, conditions] = useSchemaForm(ConditionsForm, {
    id: `conditions-${page.conditions.length}`,
    lastResult: replyFor(lastResult, "conditions"),
  });
  const chosenSubjects = new Set([conditions.subject.initialValue ?? []].flat());
  const cancelled = replyFor(lastResult, "cancel");
  return (
    <>
      <p>
        <Link to={`/students/${page.student.id}`}>← {page.student.name}</Link> · <Link to={`/gifted?year=${page.year}`}>ГИР школы</Link>
      </p>
      <h1>ГИР: {page.student.name}</h1>
      {/* A cancellation's own reason stands here: the entry it was sent from may be cancelled already. */}
      <FormErrors form={{ errorId: "cancel-errors", errors: cancelled?.error?.[""] ?? undefined }} />
      <Form method="get" className="toolbar">
        <YearSelect years={page.years} value={page.year} />
        <button type="submit" className="secondary">
          Проверить
        </button>
      </Form>
      <p className={page.eligibility.qualifies ? "notice" : "card"} role="status">
        {page.eligibility.qualifies
          ? `Проходит в ГИР по результатам ${page.year} учебного года.`
          : !page.eligibility.listLoaded
            ? `Перечень мероприятий на ${page.year} учебный год не загружен.`
            : `Не проходит в ГИР по результатам ${page.year} учебного года.`}
      </p>
      {page.eligibility.verdicts.length === 0 ? (
        <p className="muted">Олимпиад, конкурсов и соревнований в записях нет.</p>
      ) : (
        <TableBox label="Олимпиады, конкурсы и соревнования">
          <thead>
            <tr>
              <th>Результат</th>
              <th>Учебный год</th>
              <th>Проходит</th>
              <th>Почему</th>
            </tr>
          </thead>
          <tbody>
            {page.eligibility.verdicts.map((v) => (
              <tr key={v.id}>
                <td>
                  <Link to={`/achievements/${v.id}`}>{v.title}</Link>
                </td>
                <td>{v.year}</td>
                <td>{v.qualifies ? <span className="badge status-verified">да</span> : <span className="badge">нет</span>}</td>
                <td>{v.reason}</td>
              </tr>
            ))}
          </tbody>
        </TableBox>
      )}

      <h2>Включение в ГИР</h2>
      {page.inclusions.map((i) => (
        <div key={i.id} className="card">
          {i.schoolYear}: включён(а) {formatDate(i.includedOn)}, {i.reference}
          <div className="muted">
            записал(а) {i.recordedByName}, {formatDateTime(i.recordedAt)}
          </div>
          {i.cancelledAt ? <div className="error">Отменено {formatDateTime(i.cancelledAt)}: {i.cancelReason}</div> : <CancelForm list="inclusions" id={i.id} lastResult={cancelled} />}
        </div>
      ))}
      <Form method="post" className="stack card" key={includeForm.id} {...getFormProps(includeForm)}>
        <input type="hidden" name="intent" value="include" />
        <input type="hidden" name="schoolYear" value={page.year} />
        <Field label={`Дата включения (${page.year})`} meta={include.includedOn} type="date" max={todayIso()} />
        <Field label="Номер или ссылка записи в ГИР" meta={include.reference} maxLength={GIFTED_RECORD_LIMITS.reference} />
        <FormErrors form={includeForm} />
        <button type="submit">Записать включение</button>
      </Form>

      <h2>Особые условия аттестации</h2>
      {page.conditions.map((c) => (
        <div key={c.id} className="card">
          {c.schoolYear}: {c.subjects.join(", ")} — {c.conditions} ({c.order})
          <div className="muted">
            записал(а) {c.recordedByName}, {formatDateTime(c.recordedAt)}
          </div>
          {c.cancelledAt ? <div className="error">Отменено {formatDateTime(c.cancelledAt)}: {c.cancelReason}</div> : <CancelForm list="conditions" id={c.id} lastResult={cancelled} />}
        </div>
      ))}
      <Form method="post" className="stack card" key={conditionsForm.id} {...getFormProps(conditionsForm)}>
        <input type="hidden" name="intent" value="conditions" />
        <input type="hidden" name="schoolYear" value={page.year} />
        <fieldset aria-invalid={conditions.subject.errors ? true : undefined} aria-describedby={conditions.subject.errors ? conditions.subject.errorId : undefined}>
          <legend>Предметы, не выносимые на ГИА ({page.year})</legend>
          <div className="checks">
            {page.subjects.map((s) => (
              <label key={s}>
                <input type="checkbox" name={conditions.subject.name} value={s} defaultChecked={chosenSubjects.has(s)} /> {s}
              </label>
            ))}
          </div>
          <ErrorList id={conditions.subject.errorId} errors={conditions.subject.errors} />
        </fieldset>
        <TextareaField label="Условия (например, зачёт результатов олимпиады вместо промежуточной аттестации)" meta={conditions.conditions} rows={3} maxLength={GIFTED_RECORD_LIMITS.conditions} />
        <Field label="Приказ (номер и дата)" meta={conditions.order} maxLength={GIFTED_RECORD_LIMITS.order} />
        <FormErrors form={conditionsForm} />
        <button type="submit">Записать особые условия</button>
      </Form>
    </>
  );
}

/** «Отменить» one entry, with the reason; its reasons show beside it when it was the one sent. */
function CancelForm({ list, id, lastResult }: { list: "inclusions" | "conditions"; id: string; lastResult: Reply }) {
  const [form, fields] = useSchemaForm(CancelEntryForm, {
    id: `cancel-${id}`,
    lastResult: lastResult?.initialValue?.entryId === id ? lastResult : null,
  });
  return (
    <Form method="post" className="toolbar" style={{ marginBottom: 0 }} {...getFormProps(form)}>
      <input type="hidden" name="intent" value="cancel" />
      <input type="hidden" name="entryId" value={id} />
      <input type="hidden" name="list" value={list} />
      <Field label="Причина отмены" meta={fields.reason} placeholder="причина отмены" minLength={3} maxLength={GIFTED_RECORD_LIMITS.cancelReason} />
      <button type="submit" className="danger">
        Отменить
      </button>
    </Form>
  );
}
