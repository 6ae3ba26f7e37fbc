import { getFormProps } from "@conform-to/react";
import { TableBox } from "~/components/table-box";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ledClass, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { ErrorList, FormErrors } from "~/components/field";
import { PeriodSelect } from "~/components/period-select";
import { markLabel } from "~/domain/marks";
import type { Table } from "~/files/table-file.server";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { MarksGridForm } from "~/results/forms";
import { applyImport, stageImport } from "~/results/import.server";
import { isPeriodKey, periodOptions } from "~/results/periods";
import { getYear } from "~models/academic-year.server";
import { className } from "~models/class.server";
import { activeResultSets } from "~models/results.server";
import { fullName } from "~models/student.server";
import { periodMembers } from "~/results/class-members.server";
import { curriculumSet, subjectsOfGrade } from "~/domain/curriculum";
import { listSubjects } from "~models/subject.server";
import type { PublicUser } from "~models/user.server";
import { useSchemaForm } from "~/components/use-schema-form";

export const access: RouteAccess = "write:results";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Отметки ${data?.className ?? ""}: ввод и исправление — Реестр достижений` }];

/** The class (the class teacher's own, any for the admin) and its period from the address or the form. */
async function target(user: PublicUser, classId: string, requested: string | null) {
  const schoolId = schoolOf(user);
  const schoolClass = await ledClass(user, classId);
  const year = (await getYear({ schoolId, yearId: schoolClass.yearId }))!;
  const period = isPeriodKey(requested, year, schoolClass.grade) ? requested! : "1";
  return { schoolId, schoolClass, year, period };
}

async function grid(user: PublicUser, classId: string, requested: string | null) {
  const { schoolId, schoolClass, year, period } = await target(user, classId, requested);
  const [allSubjects, sets] = await Promise.all([listSubjects(schoolId), activeResultSets(schoolId, [{ classId: schoolClass._id, period }])]);
  const set = sets.get(`${schoolClass._id}:${period}`);
  // Those who moved out keep their marks of the period here: the grid saves their rows as they are.
  const students = await periodMembers(schoolId, schoolClass._id, set?.rows);
  // The subjects of the class's curriculum (and any it already has marks in); without a curriculum
  // for the grade, those it has marks in, or before the first marks every subject of the school.
  const inSet = new Set((set?.rows ?? []).flatMap((r) => r.marks.map((m) => String(m.subjectId))));
  const studied = new Set(subjectsOfGrade(year, schoolClass.grade, allSubjects).map((s) => String(s._id)));
  const subjects = curriculumSet(year, schoolClass.grade)
    ? allSubjects.filter((s) => studied.has(String(s._id)) || inSet.has(String(s._id)))
    : inSet.size
    ? allSubjects.filter((s) => inSet.has(String(s._id)))
    : allSubjects;
  return { schoolClass, year, period, students, subjects, set };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:results");
  const { schoolClass, year, period, students, subjects, set } = await grid(user, params.classId ?? "", new URL(request.url).searchParams.get("period"));
  const rowOf = new Map((set?.rows ?? []).map((r) => [String(r.studentId), r]));
  return {
    classId: String(schoolClass._id),
    className: className(schoolClass),
    year: year.name,
    periods: periodOptions(year, schoolClass.grade),
    period,
    previewed: String(set?._id ?? ""),
    subjects: subjects.map((s) => ({ id: String(s._id), name: s.name })),
    students: students.map((st) => {
      const row = rowOf.get(String(st._id));
      return {
        id: String(st._id),
        name: fullName(st),
        marks: Object.fromEntries((row?.marks ?? []).map((m) => [String(m.subjectId), markLabel(m.mark)])),
        lessons: row?.lessons ?? null,
        absences: row?.absences ?? null,
        unexcused: row?.unexcused ?? null,
      };
    }),
  };
}

/** The reasons the grid was refused, a line each, under one key of the reply: «Ученик: Столбец — причина». */
const GRID = "grid";

/**
 * The grid becomes the same table a journal file would be, and goes through the same checks and
 * the same staged, all-at-once switch: a correction typed here obeys every rule of an import.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:results");
  const submission = parseWithZod(await readForm(request, context), { schema: MarksGridForm });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const cells = submission.value;
  const { schoolClass, period, students, subjects } = await grid(user, params.classId ?? "", cells.period);
  const cell = (key: string) => cells[key] ?? "";
  const table: Table = {
    headers: ["ФИО", "Дата рождения", ...subjects.map((s) => s.name), "Уроков", "Пропущено", "Без уважительной причины"],
    rows: students.map((st, i) => ({
      row: i + 2,
      cells: [
        fullName(st),
        st.birthDate.toISOString().slice(0, 10),
        ...subjects.map((s) => cell(`m:${st._id}:${s._id}`)),
        cell(`l:${st._id}`),
        cell(`a:${st._id}`),
        cell(`u:${st._id}`),
      ],
    })),
  };
  const page = `/classes/${schoolClass._id}/marks?period=${period}`;
  try {
    const staged = await stageImport({ request, user, schoolClass, period, fileName: "исправление на странице", table });
    if (staged.problems.length) {
      const nameOfRow = (row: number) => (row >= 2 ? fullName(students[row - 2]) : "");
      const lines = staged.problems.map((p) => `${nameOfRow(p.row) ? `${nameOfRow(p.row)}: ` : ""}${p.column ? `${p.column} — ` : ""}${p.message}`);
      return data(submission.reply({ fieldErrors: { [GRID]: lines } }), { status: 400 });
    }
    if (staged.unchanged || !staged.importId) return redirectWithNotice(page, "Ничего не изменилось.");
    await applyImport(request, user, schoolClass.schoolId, staged.importId, cells.previewed);
  } catch (error) {
    return replyRefused(submission, error);
  }
  return redirect(`/classes/${schoolClass._id}/summary?period=${period}&imported=1`);
}

export default function MarksGrid() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form] = useSchemaForm(MarksGridForm, {
    lastResult,
  });
  const busy = useNavigation().state === "submitting";
  const periodLabel = data.periods.find((p) => p.key === data.period)?.label ?? "";
  // Each cell by its field name, as the list of reasons names it.
  const cells = new Map<string, string>(
    data.students.flatMap((st) => [
      ...data.subjects.map((s) => [`m:${st.id}:${s.id}`, `${st.name}, ${s.name}`] as const),
      [`l:${st.id}`, `${st.name}: уроков`] as const,
      [`a:${st.id}`, `${st.name}: пропущено`] as const,
      [`u:${st.id}`, `${st.name}: без уважительной причины`] as const,
    ])
  );
  const errors = form.allErrors;
  const reasons = [
    ...(errors[GRID] ?? []),
    ...Object.entries(errors).flatMap(([name, list]) => (cells.has(name) ? list.map((m) => `${cells.get(name)} — ${m}`) : [])),
  ];
  // Refused, the page shows what was typed (without scripts too), not the marks in force.
  const typed = lastResult?.initialValue as Record<string, unknown> | undefined;
  const cell = (name: string, stored: string | number | null | undefined) => ({
    name,
    defaultValue: typed ? String(typed[name] ?? "") : stored ?? "",
    "aria-label": cells.get(name),
    "aria-invalid": errors[name] ? true : undefined,
  });
  return (
    <>
      <p>
        <Link to={`/classes/${data.classId}/summary?period=${data.period}`}>← Сводная ведомость {data.className}</Link>
      </p>
      <h1>
        Отметки {data.className} класса: {periodLabel} <span className="muted">({data.year})</span>
      </h1>
      <Form method="get" className="toolbar">
        <PeriodSelect periods={data.periods} value={data.period} />
        <button type="submit" className="secondary">
          Открыть
        </button>
      </Form>
      <p className="muted">
        Отметки: 1–5, «н/а», «осв», «зач», «незач»; пустая клетка — отметки нет. Сохраняется всё сразу и проверяется так же, как файл из журнала.
      </p>
      <FormErrors form={form} />
      <ErrorList className="alert" errors={[...(errors.period ?? []), ...(errors.previewed ?? [])]} />
      {reasons.length ? (
        <div role="alert">
          <p className="alert">Ничего не сохранено. Исправьте: </p>
          <ul>
            {reasons.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="period" value={data.period} />
        <input type="hidden" name="previewed" value={data.previewed} />
        <TableBox label="Итоговые отметки класса" className="summary marks-grid">
          <thead>
            <tr>
              <th>Обучающийся</th>
              {data.subjects.map((s) => (
                <th key={s.id} className="num" title={s.name}>
                  {s.name}
                </th>
              ))}
              <th className="num">Уроков</th>
              <th className="num">Пропущено</th>
              <th className="num">Без уваж.</th>
            </tr>
          </thead>
          <tbody>
            {data.students.map((st) => (
              <tr key={st.id}>
                <td>{st.name}</td>
                {data.subjects.map((s) => (
                  <td key={s.id} className="num">
                    <input {...cell(`m:${st.id}:${s.id}`, st.marks[s.id])} size={3} maxLength={6} />
                  </td>
                ))}
                <td className="num">
                  <input {...cell(`l:${st.id}`, st.lessons)} size={3} maxLength={4} inputMode="numeric" />
                </td>
                <td className="num">
                  <input {...cell(`a:${st.id}`, st.absences)} size={3} maxLength={4} inputMode="numeric" />
                </td>
                <td className="num">
                  <input {...cell(`u:${st.id}`, st.unexcused)} size={3} maxLength={4} inputMode="numeric" />
                </td>
              </tr>
            ))}
          </tbody>
        </TableBox>
        <p>
          <button type="submit" disabled={busy}>
            {busy ? "Сохраняю…" : "Сохранить отметки"}
          </button>
        </p>
      </Form>
    </>
  );
}
