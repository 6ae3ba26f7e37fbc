import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireUserWithPermission, schoolOf, supportStudentIds } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { todayIso } from "~/achievements/kinds";
import { formatDate } from "~/domain/format";
import { parseForm } from "~/forms";
import { getCurrentYear } from "~models/academic-year.server";
import { fullName, getStudent } from "~models/student.server";
import { MEASURE_KINDS } from "~models/vocabulary/support-measures";
import { changeSupportCase, getSupportCase, type SupportCaseChange } from "~models/support.server";
import type { PublicUser } from "~models/user.server";
import { readForm } from "~/http/read-form.server";

export const access: RouteAccess = "write:support";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Индивидуальный маршрут: ${data?.student.name ?? ""} — Реестр достижений` }];

async function caseFor(user: PublicUser, studentId: string) {
  const schoolId = schoolOf(user);
  const student = await getStudent(schoolId, studentId, await supportStudentIds(user));
  if (!student) notFound();
  const year = await getCurrentYear(schoolId);
  if (!year) notFound();
  return { schoolId, student, year, key: { schoolId, studentId: student._id, yearId: year._id } };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:support");
  const { schoolId, student, year } = await caseFor(user, params.studentId ?? "");
  const support = await getSupportCase(schoolId, student._id, year._id);
  await audit(request, user, { action: "read", entity: "support", entityId: String(student._id), studentId: student._id, summary: `индивидуальный маршрут ${fullName(student)}` });
  return {
    student: { id: String(student._id), name: fullName(student) },
    year: year.name,
    support: support
      ? {
          manualReason: support.manualReason,
          manualBy: support.manualBy,
          measures: support.measures.map((m) => ({ id: String(m._id), kind: m.kind as keyof typeof MEASURE_KINDS, description: m.description, responsible: m.responsible, until: m.until })),
          nextReview: support.nextReview,
          parentsInformedAt: support.parentsInformedAt,
          parentsConsent: support.parentsConsent,
          outcome: support.outcome,
        }
      : null,
  };
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Неверная дата").refine((v) => !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()), "Неверная дата");
const Forms = {
  reason: z.object({ manualReason: z.string().trim().max(500, "Не длиннее 500 символов") }),
  "add-measure": z.object({
    kind: z.enum(Object.keys(MEASURE_KINDS) as [keyof typeof MEASURE_KINDS], { error: "Выберите вид меры" }),
    description: z.string().trim().min(3, "Опишите меру").max(500, "Не длиннее 500 символов"),
    responsible: z.string().trim().min(3, "Укажите ответственного").max(120, "Не длиннее 120 символов"),
    until: z.union([z.literal(""), date]).optional(),
  }),
  "remove-measure": z.object({ measureId: z.string().regex(/^[a-f0-9]{24}$/, "Неизвестная мера") }),
  review: z.object({ nextReview: date }),
  parents: z.object({ parentsInformedAt: date.refine((v) => v <= todayIso(), "Дата в будущем"), parentsConsent: z.enum(["yes", "no"], { error: "Укажите, дано ли согласие" }) }),
  outcome: z.object({ outcome: z.string().trim().max(2000, "Не длиннее 2000 символов") }),
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:support");
  const { student, key } = await caseFor(user, params.studentId ?? "");
  const formData = await readForm(request, context);
  const intent = String(formData.get("intent") ?? "") as keyof typeof Forms;
  const schema = Forms[intent];
  if (!schema) return Response.json({ errors: { form: "Неизвестное действие" } }, { status: 400 });
  const form = parseForm(schema, formData);
  if (!form.ok) return Response.json({ errors: form.errors }, { status: 400 });
  const data = form.data as Record<string, string>;
  const by = `${fullName(user)} (${user.login})`;
  const asDate = (v?: string) => (v ? new Date(`${v}T00:00:00Z`) : null);
  const change: SupportCaseChange = {
    reason: { intent: "reason" as const, manualReason: data.manualReason, manualBy: data.manualReason ? by : "" },
    "add-measure": { intent: "add-measure" as const, measure: { kind: data.kind, description: data.description, responsible: data.responsible, until: asDate(data.until) } },
    "remove-measure": { intent: "remove-measure" as const, measureId: data.measureId },
    review: { intent: "review" as const, nextReview: asDate(data.nextReview) },
    parents: { intent: "parents" as const, parentsInformedAt: asDate(data.parentsInformedAt), parentsConsent: data.parentsConsent === "yes" },
    outcome: { intent: "outcome" as const, outcome: data.outcome },
  }[intent];
  await changeSupportCase({ ...key, change });
  await audit(request, user, { action: "update", entity: "support", entityId: String(student._id), studentId: student._id, summary: `индивидуальный маршрут: ${intent}`, after: data });
  return { notice: "Сохранено" };
}

export default function SupportPage() {
  const { student, year, support } = useLoaderData<typeof loader>();
  const result = useActionData<{ notice?: string; errors?: Record<string, string> }>();
  const error = (field: string) => (result?.errors?.[field] ? <span className="field-error">{result.errors[field]}</span> : null);
  return (
    <>
      <p>
        <Link to={`/students/${student.id}`}>← {student.name}</Link> · <Link to="/risk">группа риска</Link>
      </p>
      <h1>Индивидуальный образовательный маршрут, {year}</h1>
      <p className="muted">{student.name}. Положение о мониторинге, §6: меры поддержки, ответственные, сроки, информирование родителей с их согласия.</p>
      {result?.notice ? <p className="notice">{result.notice}</p> : null}
      {result?.errors?.form ? <p className="alert">{result.errors.form}</p> : null}

      <h2>Включение в группу риска по решению педагогов</h2>
      <Form method="post" className="stack card">
        <input type="hidden" name="intent" value="reason" />
        <label>
          Причина (оставьте пустым, чтобы снять)
          <textarea name="manualReason" defaultValue={support?.manualReason ?? ""} rows={2} maxLength={500} />
          {error("manualReason")}
        </label>
        {support?.manualBy ? <span className="muted">Решение: {support.manualBy}</span> : null}
        <button type="submit">Сохранить</button>
      </Form>

      <h2>Меры</h2>
      {support?.measures.length ? (
        <table className="data">
          <thead>
            <tr>
              <th>Вид</th>
              <th>Что</th>
              <th>Ответственный</th>
              <th>Срок</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {support.measures.map((m) => (
              <tr key={m.id}>
                <td>{MEASURE_KINDS[m.kind]}</td>
                <td>{m.description}</td>
                <td>{m.responsible}</td>
                <td>{formatDate(m.until)}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove-measure" />
                    <input type="hidden" name="measureId" value={m.id} />
                    <button type="submit" className="link-button">
                      убрать
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">Меры ещё не назначены.</p>
      )}
      <Form method="post" className="toolbar card" style={{ marginTop: "0.75rem" }}>
        <input type="hidden" name="intent" value="add-measure" />
        <label>
          Вид
          <select name="kind">
            {Object.entries(MEASURE_KINDS).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Что
          <input name="description" required maxLength={500} />
          {error("description")}
        </label>
        <label>
          Ответственный
          <input name="responsible" required maxLength={120} />
          {error("responsible")}
        </label>
        <label>
          До
          <input type="date" name="until" />
          {error("until")}
        </label>
        <button type="submit">Добавить меру</button>
      </Form>

      <h2>Пересмотр, родители, итог</h2>
      <div className="grid-cards">
        <Form method="post" className="stack card">
          <input type="hidden" name="intent" value="review" />
          <label>
            Дата следующего пересмотра
            <input type="date" name="nextReview" defaultValue={support?.nextReview ? String(support.nextReview).slice(0, 10) : ""} required />
            {error("nextReview")}
          </label>
          <button type="submit">Сохранить</button>
        </Form>
        <Form method="post" className="stack card">
          <input type="hidden" name="intent" value="parents" />
          <label>
            Родители проинформированы
            <input type="date" name="parentsInformedAt" defaultValue={support?.parentsInformedAt ? String(support.parentsInformedAt).slice(0, 10) : ""} required />
            {error("parentsInformedAt")}
          </label>
          <label>
            Согласие родителей
            <select name="parentsConsent" defaultValue={support?.parentsConsent === null || support === null ? "" : support.parentsConsent ? "yes" : "no"}>
              <option value="">—</option>
              <option value="yes">дано</option>
              <option value="no">не дано</option>
            </select>
            {error("parentsConsent")}
          </label>
          <button type="submit">Сохранить</button>
        </Form>
        <Form method="post" className="stack card">
          <input type="hidden" name="intent" value="outcome" />
          <label>
            Итог
            <textarea name="outcome" defaultValue={support?.outcome ?? ""} rows={3} maxLength={2000} />
            {error("outcome")}
          </label>
          <button type="submit">Сохранить</button>
        </Form>
      </div>
    </>
  );
}
