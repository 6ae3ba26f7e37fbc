import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { Field, FormErrors } from "~/components/field";
import { useSchemaForm } from "~/components/use-schema-form";
import { CurriculumSchema } from "~/curriculum/forms";
import { applyStandardCurriculum, curriculumView, newSubject, saveCurriculum } from "~/curriculum/plan.server";
import { replyFor } from "~/forms";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { GRADES, UNMARKED_GRADE } from "~models/vocabulary/curriculum";

export const access: RouteAccess = "manage:years";
export const meta: MetaFunction = () => [{ title: "Учебный план — Реестр достижений" }];

const PAGE = "/admin/curriculum";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:years");
  return { view: await curriculumView(schoolOf(user)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:years");
  const schoolId = schoolOf(user);
  const submission = parseWithZod(await readForm(request, context), { schema: CurriculumSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const input = submission.value;
  try {
    if (input.intent === "subject") {
      const name = await newSubject({ schoolId, name: input.name });
      await audit(request, user, { action: "create", entity: "subject", entityId: name, summary: `добавлен предмет «${name}»` });
      return redirectWithNotice(PAGE, `Предмет «${name}» добавлен: отметьте, в каких классах он изучается.`);
    }
    if (input.intent === "standard") {
      const done = await applyStandardCurriculum({ schoolId, yearId: input.yearId });
      await audit(request, user, { action: "update", entity: "curriculum", entityId: input.yearId, summary: `учебный план ${done.year} заполнен по ФГОС (добавлено предметов: ${done.subjectsAdded})` });
      return redirectWithNotice(PAGE, `Учебный план ${done.year} заполнен по ФГОС. Проверьте его и поправьте под свою школу.`);
    }
    const saved = await saveCurriculum({ schoolId, yearId: input.yearId, cells: input.cells.filter((c): c is string => !!c) });
    await audit(request, user, { action: "update", entity: "curriculum", entityId: input.yearId, summary: `учебный план ${saved.year}: ${saved.lines} строк` });
    return redirectWithNotice(PAGE, `Учебный план ${saved.year} сохранён.`);
  } catch (error) {
    return replyRefused(submission, error);
  }
}

type Reply = SubmissionResult<string[]> | null | undefined;
type View = NonNullable<Awaited<ReturnType<typeof loader>>["view"]>;

export default function Curriculum() {
  const { view } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [subjectForm, subject] = useSchemaForm(CurriculumSchema, { intent: "subject", lastResult });
  if (!view) return <p>В школе нет текущего учебного года.</p>;
  return (
    <>
      <p>
        <Link to="/admin/year">← Учебный год</Link>
      </p>
      <h1>Учебный план</h1>
      <p className="muted">
        Какие предметы изучаются в каждом классе и как оцениваются: отметками 1–5 или зачётом. В 1 классе отметки не ставятся. По плану ведомость
        отметок, шаблоны и загрузка файлов, заявления о зачёте и особые условия аттестации предлагают только предметы класса. Пока для класса план не
        задан, ему предлагаются все предметы школы.
      </p>
      {view.years.map((year) => (
        <YearPlan key={year.id} year={year} subjects={view.subjects} lastResult={lastResult} busy={busy} />
      ))}
      <Form method="post" className="card toolbar" {...getFormProps(subjectForm)}>
        <input type="hidden" name="intent" value="subject" />
        <Field label="Новый предмет" meta={subject.name} maxLength={80} />
        <button type="submit" disabled={busy}>
          Добавить предмет
        </button>
        <FormErrors form={subjectForm} />
      </Form>
    </>
  );
}

function YearPlan({ year, subjects, lastResult, busy }: { year: View["years"][number]; subjects: View["subjects"]; lastResult: Reply; busy: boolean }) {
  const [saveForm] = useSchemaForm(CurriculumSchema, { intent: "save", id: `save-${year.id}`, lastResult: replyFor(lastResult, "save", { yearId: year.id }) });
  const [standardForm] = useSchemaForm(CurriculumSchema, { intent: "standard", id: `standard-${year.id}`, lastResult: replyFor(lastResult, "standard", { yearId: year.id }) });
  return (
    <section className="card">
      <h2>
        {year.name} {year.current ? <span className="badge">текущий</span> : <span className="badge">подготовлен</span>}
      </h2>
      <p className="muted">{year.gradesSet.length ? `План задан для классов: ${year.gradesSet.join(", ")}.` : "План ещё не задан."}</p>
      <Form method="post" className="toolbar" {...getFormProps(standardForm)}>
        <input type="hidden" name="intent" value="standard" />
        <input type="hidden" name="yearId" value={year.id} />
        <button type="submit" disabled={busy}>
          Заполнить по ФГОС (заменит план этого года)
        </button>
        <FormErrors form={standardForm} />
      </Form>
      <Form method="post" {...getFormProps(saveForm)}>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="yearId" value={year.id} />
        <div className="table-scroll sticky-first">
          <table className="data">
            <thead>
              <tr>
                <th>Предмет</th>
                {GRADES.map((g) => (
                  <th key={g} className="num">
                    {g}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {subjects.map((s) => (
                <tr key={s.id}>
                  <td>{s.name}</td>
                  {GRADES.map((g) => {
                    const chosen = year.cells[`${s.id}:${g}`];
                    return (
                      <td key={g}>
                        <select name="cells" defaultValue={chosen ? `${s.id}:${g}:${chosen}` : ""} aria-label={`${s.name}, ${g} класс`}>
                          <option value="">—</option>
                          {g === UNMARKED_GRADE ? (
                            <option value={`${s.id}:${g}:none`}>б/о</option>
                          ) : (
                            <>
                              <option value={`${s.id}:${g}:marks`}>1–5</option>
                              <option value={`${s.id}:${g}:pass`}>зач</option>
                            </>
                          )}
                        </select>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted">«1–5» — отметки, «зач» — зачёт/незачёт, «б/о» — изучается без отметок, «—» — не изучается.</p>
        <FormErrors form={{ errorId: saveForm.errorId, errors: Object.values(saveForm.allErrors).flat() }} />
        <button type="submit" disabled={busy}>
          Сохранить учебный план {year.name}
        </button>
      </Form>
    </section>
  );
}
