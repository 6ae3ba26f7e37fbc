import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { YearSelect } from "~/components/period-select";
import { todayIso } from "~/achievements/kinds";
import { formatDate, formatDateTime } from "~/domain/format";
import { parseForm } from "~/forms";
import { studentEligibility } from "~/gifted/eligibility.server";
import { chosenYear } from "~/gifted/years.server";
import { addGiftedConditions, addGiftedInclusion, cancelGiftedEntry, getGiftedRecord } from "~models/gifted.server";
import { fullName, getStudent } from "~models/student.server";
import { listSubjects } from "~models/subject.server";
import type { PublicUser } from "~models/user.server";
import { readForm } from "~/http/read-form.server";

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
    listSubjects(schoolId),
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

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Неверная дата")
  .refine((v) => !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()), "Неверная дата")
  .refine((v) => v <= todayIso(), "Дата в будущем");
const schoolYear = z.string().regex(/^\d{4}\/\d{4}$/, "Выберите учебный год");
const Forms = {
  include: z.object({ schoolYear, includedOn: day, reference: z.string().trim().min(1, "Укажите номер или ссылку записи в ГИР").max(200, "Не длиннее 200 символов") }),
  conditions: z.object({
    schoolYear,
    conditions: z.string().trim().min(3, "Опишите особые условия").max(1000, "Не длиннее 1000 символов"),
    order: z.string().trim().min(3, "Укажите приказ (номер и дату)").max(200, "Не длиннее 200 символов"),
  }),
  cancel: z.object({ entryId: z.string().regex(/^[a-f0-9]{24}$/, "Неизвестная запись"), list: z.enum(["inclusions", "conditions"]), reason: z.string().trim().min(3, "Укажите причину отмены").max(500, "Не длиннее 500 символов") }),
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:gifted");
  const { schoolId, student } = await studentFor(user, params.studentId ?? "");
  const formData = await readForm(request, context);
  const intent = String(formData.get("intent") ?? "") as keyof typeof Forms;
  if (!Forms[intent]) return Response.json({ errors: { form: "Неизвестное действие" } }, { status: 400 });
  const form = parseForm(Forms[intent], formData);
  if (!form.ok) return Response.json({ errors: form.errors }, { status: 400 });
  const data = form.data as Record<string, string>;
  const recorded = { recordedAt: new Date(), recordedByName: fullName(user) };
  const key = { schoolId, studentId: student._id };
  let summary: string;
  if (intent === "include") {
    await addGiftedInclusion({ ...key, inclusion: { ...recorded, schoolYear: data.schoolYear, includedOn: new Date(`${data.includedOn}T00:00:00Z`), reference: data.reference } });
    summary = `ГИР: включение ${data.schoolYear}, ${data.reference}`;
  } else if (intent === "conditions") {
    const known = (await listSubjects(schoolId)).map((s) => s.name);
    const subjects = formData.getAll("subject").map(String).filter((s) => known.includes(s));
    if (subjects.length === 0) return Response.json({ errors: { subject: "Выберите хотя бы один предмет" } }, { status: 400 });
    await addGiftedConditions({ ...key, conditions: { ...recorded, schoolYear: data.schoolYear, subjects, conditions: data.conditions, order: data.order } });
    summary = `особые условия аттестации ${data.schoolYear}: ${subjects.join(", ")} (${data.order})`;
  } else {
    const list = data.list as "inclusions" | "conditions";
    if (!(await cancelGiftedEntry(key, list, data.entryId, data.reason))) return Response.json({ errors: { form: "Запись уже отменена или не найдена" } }, { status: 409 });
    summary = `ГИР: отменена запись (${list === "inclusions" ? "включение" : "особые условия"}): ${data.reason}`;
  }
  await audit(request, user, { action: "update", entity: "gifted", entityId: String(student._id), studentId: student._id, summary });
  return { done: "Записано." };
}

export default function StudentGifted() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<{ errors?: Record<string, string>; done?: string }>();
  const errors = result?.errors ?? {};
  const cancelForm = (list: "inclusions" | "conditions", id: string) => (
    <Form method="post" className="toolbar" style={{ marginBottom: 0 }}>
      <input type="hidden" name="entryId" value={id} />
      <input type="hidden" name="list" value={list} />
      <input name="reason" placeholder="причина отмены" aria-label="Причина отмены" required minLength={3} maxLength={500} />
      <button type="submit" name="intent" value="cancel" className="danger">
        Отменить
      </button>
    </Form>
  );
  return (
    <>
      <p>
        <Link to={`/students/${data.student.id}`}>← {data.student.name}</Link> · <Link to={`/gifted?year=${data.year}`}>ГИР школы</Link>
      </p>
      <h1>ГИР: {data.student.name}</h1>
      {errors.form ? <p className="alert" role="alert">{errors.form}</p> : null}
      {result?.done ? <p className="notice" role="status">{result.done}</p> : null}
      <Form method="get" className="toolbar">
        <YearSelect years={data.years} value={data.year} />
        <button type="submit" className="secondary">
          Проверить
        </button>
      </Form>
      <p className={data.eligibility.qualifies ? "notice" : "card"} role="status">
        {data.eligibility.qualifies
          ? `Проходит в ГИР по результатам ${data.year} учебного года.`
          : !data.eligibility.listLoaded
            ? `Перечень мероприятий на ${data.year} учебный год не загружен.`
            : `Не проходит в ГИР по результатам ${data.year} учебного года.`}
      </p>
      {data.eligibility.verdicts.length === 0 ? (
        <p className="muted">Олимпиад, конкурсов и соревнований в записях нет.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>Результат</th>
              <th>Учебный год</th>
              <th>Проходит</th>
              <th>Почему</th>
            </tr>
          </thead>
          <tbody>
            {data.eligibility.verdicts.map((v) => (
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
        </table>
      )}

      <h2>Включение в ГИР</h2>
      {data.inclusions.map((i) => (
        <div key={i.id} className="card">
          {i.schoolYear}: включён(а) {formatDate(i.includedOn)}, {i.reference}
          <div className="muted">
            записал(а) {i.recordedByName}, {formatDateTime(i.recordedAt)}
          </div>
          {i.cancelledAt ? <div className="error">Отменено {formatDateTime(i.cancelledAt)}: {i.cancelReason}</div> : cancelForm("inclusions", i.id)}
        </div>
      ))}
      <Form method="post" className="stack card">
        <input type="hidden" name="schoolYear" value={data.year} />
        <label>
          Дата включения ({data.year})
          <input type="date" name="includedOn" required max={new Date().toISOString().slice(0, 10)} />
          {errors.includedOn ? <span className="field-error">{errors.includedOn}</span> : null}
        </label>
        <label>
          Номер или ссылка записи в ГИР
          <input name="reference" required maxLength={200} />
          {errors.reference ? <span className="field-error">{errors.reference}</span> : null}
        </label>
        <button type="submit" name="intent" value="include">
          Записать включение
        </button>
      </Form>

      <h2>Особые условия аттестации</h2>
      {data.conditions.map((c) => (
        <div key={c.id} className="card">
          {c.schoolYear}: {c.subjects.join(", ")} — {c.conditions} ({c.order})
          <div className="muted">
            записал(а) {c.recordedByName}, {formatDateTime(c.recordedAt)}
          </div>
          {c.cancelledAt ? <div className="error">Отменено {formatDateTime(c.cancelledAt)}: {c.cancelReason}</div> : cancelForm("conditions", c.id)}
        </div>
      ))}
      <Form method="post" className="stack card">
        <input type="hidden" name="schoolYear" value={data.year} />
        <fieldset>
          <legend>Предметы, не выносимые на ГИА ({data.year})</legend>
          <div className="checks">
            {data.subjects.map((s) => (
              <label key={s}>
                <input type="checkbox" name="subject" value={s} /> {s}
              </label>
            ))}
          </div>
          {errors.subject ? <span className="field-error">{errors.subject}</span> : null}
        </fieldset>
        <label>
          Условия (например, зачёт результатов олимпиады вместо промежуточной аттестации)
          <textarea name="conditions" required maxLength={1000} rows={3} />
          {errors.conditions ? <span className="field-error">{errors.conditions}</span> : null}
        </label>
        <label>
          Приказ (номер и дата)
          <input name="order" required maxLength={200} />
          {errors.order ? <span className="field-error">{errors.order}</span> : null}
        </label>
        <button type="submit" name="intent" value="conditions">
          Записать особые условия
        </button>
      </Form>
    </>
  );
}
