import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { readGradeRanges, YearPeriodsSchema } from "~/admin/forms";
import { prepareNextYear, setPeriodDates, setPeriodSystems, yearPeriodsView } from "~/admin/year-periods.server";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { FormErrors } from "~/components/field";
import { useSchemaForm } from "~/components/use-schema-form";
import { PERIOD_LABELS } from "~/domain/school-year";
import { replyFor } from "~/forms";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { RefusedByRule } from "~/http/refusals";
import { PERIOD_KINDS } from "~models/vocabulary/periods";

export const access: RouteAccess = "manage:years";
export const meta: MetaFunction = () => [{ title: "Периоды учебного года — Реестр достижений" }];

const PAGE = "/admin/periods";
/** Spare rows for grade ranges beyond those already set. */
const SPARE_RANGES = 2;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:years");
  return yearPeriodsView(schoolOf(user));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:years");
  const schoolId = schoolOf(user);
  const submission = parseWithZod(await readForm(request, context), { schema: YearPeriodsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const input = submission.value;
  try {
    if (input.intent === "prepare") {
      const name = await prepareNextYear(schoolId);
      await audit(request, user, { action: "create", entity: "year", entityId: name, summary: `подготовлен учебный год ${name}` });
      return redirectWithNotice(PAGE, `Учебный год ${name} подготовлен: проверьте его периоды. Текущим он станет при закрытии нынешнего года.`);
    }
    if (input.intent === "systems") {
      const { ranges, problem } = readGradeRanges(input);
      if (problem) throw new RefusedByRule(problem, "ranges");
      const name = await setPeriodSystems({ schoolId, yearId: input.yearId, periodKind: input.periodKind, ranges });
      const words = [`${PERIOD_LABELS[input.periodKind]} — основная`, ...ranges.map((r) => `${r.fromGrade}–${r.toGrade} классы: ${PERIOD_LABELS[r.periodKind]}`)].join("; ");
      await audit(request, user, { action: "update", entity: "year", entityId: input.yearId, summary: `системы периодов ${name}: ${words}` });
      return redirectWithNotice(PAGE, `Системы периодов ${name} сохранены. Проверьте даты периодов.`);
    }
    const name = await setPeriodDates({ schoolId, yearId: input.yearId, starts: input.starts, ends: input.ends });
    await audit(request, user, { action: "update", entity: "year", entityId: input.yearId, summary: `даты периодов ${name}` });
    return redirectWithNotice(PAGE, `Даты периодов ${name} сохранены.`);
  } catch (error) {
    return replyRefused(submission, error);
  }
}

type Reply = SubmissionResult<string[]> | null | undefined;
type YearView = Awaited<ReturnType<typeof loader>>["years"][number];

export default function YearPeriods() {
  const { years, next } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [prepareForm] = useSchemaForm(YearPeriodsSchema, { intent: "prepare", lastResult });
  if (!years.length) return <p>В школе нет текущего учебного года.</p>;
  return (
    <>
      <p>
        <Link to="/admin/year">← Учебный год</Link>
      </p>
      <h1>Периоды учебного года</h1>
      <p className="muted">
        Система периодов школы (четверти, триместры, полугодия) и, если нужно, своя у части классов — например, полугодия в 10–11 классах. От
        неё зависят периоды в сводных ведомостях, загрузке отметок и зачёте. Систему нельзя сменить классам, у которых уже загружены отметки
        этого года; даты — можно.
      </p>
      {years.map((year) => (
        <YearCard key={year.id} year={year} lastResult={lastResult} busy={busy} />
      ))}
      {next ? (
        <Form method="post" className="card" {...getFormProps(prepareForm)}>
          <input type="hidden" name="intent" value="prepare" />
          <p>
            Следующий учебный год, {next}, можно подготовить заранее: его периоды будут готовы, а текущим он станет при закрытии нынешнего года.
          </p>
          <FormErrors form={prepareForm} />
          <button type="submit" disabled={busy}>
            Подготовить {next}
          </button>
        </Form>
      ) : null}
    </>
  );
}

function YearCard({ year, lastResult, busy }: { year: YearView; lastResult: Reply; busy: boolean }) {
  const [systemsForm] = useSchemaForm(YearPeriodsSchema, { intent: "systems", id: `systems-${year.id}`, lastResult: replyFor(lastResult, "systems", { yearId: year.id }) });
  const [datesForm] = useSchemaForm(YearPeriodsSchema, { intent: "dates", id: `dates-${year.id}`, lastResult: replyFor(lastResult, "dates", { yearId: year.id }) });
  const rows = [...year.ranges, ...Array.from({ length: SPARE_RANGES }, () => null)];
  return (
    <section className="card">
      <h2>
        {year.name} {year.current ? <span className="badge">текущий</span> : <span className="badge">подготовлен</span>}
      </h2>
      {year.gradesWithMarks.length ? <p className="muted">Отметки этого года загружены в {year.gradesWithMarks.join(", ")}-х классах.</p> : null}
      <Form method="post" {...getFormProps(systemsForm)}>
        <input type="hidden" name="intent" value="systems" />
        <input type="hidden" name="yearId" value={year.id} />
        <label>
          Система периодов школы{" "}
          <select name="periodKind" defaultValue={year.periodKind}>
            {PERIOD_KINDS.map((k) => (
              <option key={k} value={k}>
                {PERIOD_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <div className="table-scroll">
          <table className="data" style={{ maxWidth: "34rem" }}>
            <caption className="muted">Классы со своей системой (пустые строки не учитываются)</caption>
            <thead>
              <tr>
                <th>С класса</th>
                <th>По класс</th>
                <th>Система</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <td>
                    <input name="rangeFrom" type="number" min={1} max={11} defaultValue={r?.fromGrade ?? ""} aria-label={`Строка ${i + 1}: с класса`} style={{ width: "5rem" }} />
                  </td>
                  <td>
                    <input name="rangeTo" type="number" min={1} max={11} defaultValue={r?.toGrade ?? ""} aria-label={`Строка ${i + 1}: по класс`} style={{ width: "5rem" }} />
                  </td>
                  <td>
                    <select name="rangeKind" defaultValue={r?.periodKind ?? "half"} aria-label={`Строка ${i + 1}: система`}>
                      {PERIOD_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {PERIOD_LABELS[k]}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <FormErrors form={{ errorId: systemsForm.errorId, errors: Object.values(systemsForm.allErrors).flat() }} />
        <button type="submit" disabled={busy}>
          Сохранить системы
        </button>
      </Form>
      <Form method="post" {...getFormProps(datesForm)}>
        <input type="hidden" name="intent" value="dates" />
        <input type="hidden" name="yearId" value={year.id} />
        {year.systems.map((system) => (
          <div key={system.label} className="table-scroll">
            <h3>{system.label}</h3>
            <table className="data" style={{ maxWidth: "34rem" }}>
              <thead>
                <tr>
                  <th>Период</th>
                  <th>Начало</th>
                  <th>Конец</th>
                </tr>
              </thead>
              <tbody>
                {system.periods.map((p) => (
                  <tr key={p.name}>
                    <td>{p.name}</td>
                    <td>
                      <input type="date" name="starts" defaultValue={p.start} min={year.start} max={year.end} required aria-label={`${system.label}, ${p.name}: начало`} />
                    </td>
                    <td>
                      <input type="date" name="ends" defaultValue={p.end} min={year.start} max={year.end} required aria-label={`${system.label}, ${p.name}: конец`} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
        <FormErrors form={{ errorId: datesForm.errorId, errors: Object.values(datesForm.allErrors).flat() }} />
        <button type="submit" disabled={busy}>
          Сохранить даты
        </button>
      </Form>
    </section>
  );
}
