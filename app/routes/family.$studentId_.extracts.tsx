import { getFormProps, getInputProps } from "@conform-to/react";
import { Cell, TableBox } from "~/components/table-box";
import { EmptyState } from "~/components/empty-state";
import { PageHeader } from "~/components/page-header";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { notFound, reachableStudentIds, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import { can, type RouteAccess } from "~/auth/permissions";
import { CheckboxField, ErrorList, Field, FormErrors } from "~/components/field";
import { ExtractState } from "~/components/extract-state";
import { extractsOfStudent, requestExtract, studentYears } from "~/documents/extracts.server";
import { ExtractRequestSchema } from "~/documents/forms";
import { EXTRACT_LIMITS } from "~models/vocabulary/limits";
import { PORTFOLIO_SECTIONS, SECTION_CODES } from "~/documents/sections";
import { formatDateTime } from "~/domain/format";
import { fullName, getStudent } from "~models/student.server";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { useSchemaForm } from "~/components/use-schema-form";

export const access: RouteAccess = "read:family";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Выписки: ${data?.student.name ?? ""} — Реестр достижений` }];

/** A child's extract requests for the family: the parent asks here; the parent and the student see the answers and download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:family");
  const schoolId = schoolOf(user);
  const student = await getStudent(schoolId, params.studentId ?? "", await reachableStudentIds(user));
  if (!student) notFound();
  const [extracts, years] = await Promise.all([extractsOfStudent(user, student._id), studentYears(schoolId, student._id)]);
  await audit(request, user, {
    action: "read",
    entity: "extract",
    entityId: String(student._id),
    studentId: student._id,
    summary: `выписки: ${fullName(student)}`,
  });
  return {
    student: { id: String(student._id), name: fullName(student) },
    canRequest: can(user.roles, "request:extracts"),
    years,
    sections: SECTION_CODES.map((code) => ({ code, label: PORTFOLIO_SECTIONS[code].label })),
    extracts,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:family");
  // Of the family, only a legal representative asks (seed 004 §6.3); requestExtract checks whose child.
  if (!can(user.roles, "request:extracts")) notFound();
  const submission = parseWithZod(await readForm(request, context), { schema: ExtractRequestSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const studentId = params.studentId ?? "";
  try {
    await requestExtract(request, user, studentId, submission.value);
  } catch (error) {
    return replyRefused(submission, error);
  }
  return redirectWithNotice(`/family/${studentId}/extracts`, "Заявление отправлено. Классный руководитель рассмотрит его; когда выписка будет готова (или если в ней откажут), ответ появится на этой странице и в уведомлениях.");
}

export default function FamilyExtracts() {
  const { student, canRequest, years, sections, extracts } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  // The newest issued extract: what the family came for.
  const latest = extracts.find((e) => e.state === "approved")?.id;
  const [form, fields] = useSchemaForm(ExtractRequestSchema, {
    lastResult: useActionData<typeof action>(),
    defaultValue: { section: SECTION_CODES, year: [] },
  });
  // A box of a list: its own id; none of them required (no year means every year).
  const box = (meta: typeof fields.section | typeof fields.year, value: string) => ({
    ...getInputProps(meta, { type: "checkbox", value }),
    id: `${meta.id}-${value.replace("/", "-")}`,
    required: false,
  });
  return (
    <>
      <PageHeader title="Выписки из портфолио" back={{ to: `/family/${student.id}`, label: student.name }}>
        {latest ? (
          <a className="button" href={`/extracts/${latest}.pdf`} data-main-action>
            Скачать последнюю выписку (PDF)
          </a>
        ) : canRequest ? (
          <a className="button" href="#request" data-main-action>
            Запросить выписку
          </a>
        ) : (
          <Link className="button secondary" to={`/family/${student.id}`} data-main-action>
            К портфолио
          </Link>
        )}
      </PageHeader>
      {canRequest ? (
        <div className="card" id="request">
          <h2 style={{ marginTop: 0 }}>Заявление на выписку</h2>
          <p className="muted">
            Выписка — PDF с подтверждёнными достижениями и результатами, с кодом проверки подлинности. Её выдаёт школа по заявлению законного представителя.
          </p>
          {/* A new form after each request sent: the boxes and the purpose start empty again. */}
          <Form method="post" className="stack" replace {...getFormProps(form)} key={extracts.length}>
            <fieldset>
              <legend>Разделы</legend>
              {sections.map((s) => (
                <label key={s.code} style={{ display: "block" }}>
                  <input {...box(fields.section, s.code)} key={s.code} /> {s.label}
                </label>
              ))}
              <ErrorList id={fields.section.errorId} errors={fields.section.errors} />
            </fieldset>
            <fieldset>
              <legend>Учебные годы (если ни один не отмечен — все)</legend>
              <div className="checks">
                {years.map((y) => (
                  <label key={y}>
                    <input {...box(fields.year, y)} key={y} /> {y}
                  </label>
                ))}
              </div>
              <ErrorList id={fields.year.errorId} errors={fields.year.errors} />
            </fieldset>
            <CheckboxField label=" Приложить уменьшенные копии подтверждающих документов (фото и сканы)" meta={fields.thumbnails} />
            <Field
              label="Цель (куда нужна выписка)"
              meta={fields.purpose}
              minLength={EXTRACT_LIMITS.purpose.min}
              maxLength={EXTRACT_LIMITS.purpose.max}
              placeholder="например, для поступления в профильный класс"
            />
            <FormErrors form={form} />
            <button type="submit" disabled={busy}>
              {busy ? "Отправляю…" : "Отправить заявление"}
            </button>
          </Form>
        </div>
      ) : null}
      <h2>Заявления</h2>
      {extracts.length === 0 ? (
        <EmptyState title="Заявлений ещё не было.">Выписку выдаёт школа по заявлению законного представителя; готовая появится здесь.</EmptyState>
      ) : (
        <TableBox label="Заявления на выписку" stack>
          <thead>
            <tr>
              <th>Подано</th>
              <th>Разделы и годы</th>
              <th>Цель</th>
              <th>Состояние</th>
              <th>Документ</th>
            </tr>
          </thead>
          <tbody>
            {extracts.map((e) => (
              <tr key={e.id}>
                <Cell label="Подано">
                  {formatDateTime(e.requestedAt)}
                  <div className="muted">{e.requestedByName}</div>
                </Cell>
                <Cell label="Разделы и годы">
                  {e.sections}
                  <div className="muted">{e.years.length ? e.years.join(", ") : "все годы"}</div>
                </Cell>
                <Cell label="Цель">{e.purpose}</Cell>
                <Cell label="Состояние">
                  <ExtractState extract={e} />
                </Cell>
                <Cell label="Документ">{e.state === "approved" ? <a href={`/extracts/${e.id}.pdf`}>Скачать PDF</a> : "—"}</Cell>
              </tr>
            ))}
          </tbody>
        </TableBox>
      )}
    </>
  );
}
