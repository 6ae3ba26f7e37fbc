import { getFormProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { personName } from "~/domain/audit-change";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { ASSESSMENT_KIND_CODES, ASSESSMENT_KINDS, type AssessmentKind } from "~models/vocabulary/assessment-kinds";
import { ENTRY_COLUMNS, ENTRY_LIMITS, ExternalEntryForm, ExternalFileForm } from "~/assessments/forms";
import { fileProblemErrors, fileProblemsOf, TABLE_FILE_MAX_BYTES, TABLE_FILE_MAX_TEXT } from "~/files/table-forms";
import { importExternalResults } from "~/assessments/import.server";
import { Field, FormErrors, SelectField } from "~/components/field";
import { FileProblems } from "~/components/file-problems";
import { formatDateTime } from "~/domain/format";
import type { FileProblem, Table } from "~/files/table-file.server";
import { readForm, readUpload, refusedUpload } from "~/http/read-form.server";
import { replyFor } from "~/forms";
import { redirectWithNotice } from "~/http/notice.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { listYears } from "~models/academic-year.server";
import { listExternalResultOverview } from "~models/assessment.server";
import type { PublicUser } from "~models/user.server";
import { useSchemaForm } from "~/components/use-schema-form";
import { TableBox } from "~/components/table-box";

export const access: RouteAccess = "write:assessments";
export const meta: MetaFunction = () => [{ title: "ВПР, ОГЭ, ЕГЭ — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:assessments");
  const schoolId = schoolOf(user);
  const [years, sets] = await Promise.all([listYears(schoolId), listExternalResultOverview({ schoolId })]);
  return {
    years: years.map((y) => y.name),
    sets: sets.map((s) => {
      const counts = new Map<string, number>();
      for (const r of s.rows) counts.set(r.subject, (counts.get(r.subject) ?? 0) + 1);
      return { id: String(s._id), schoolYear: s.schoolYear, kind: s.kind, subjects: [...counts].map(([subject, n]) => `${subject} (${n})`), last: s.imports.at(-1) ?? null };
    }),
  };
}

type Reasons = { formErrors?: string[]; fieldErrors?: Record<string, string[]> };
type Submitted = { reply: (reasons?: Reasons) => SubmissionResult<string[]> };

/** A file's problems as the table of rows; a typed result's beside the fields they are about. */
function typedProblems(problems: FileProblem[]): Reasons {
  const fieldErrors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  for (const p of problems) {
    const field = ENTRY_COLUMNS[p.column as keyof typeof ENTRY_COLUMNS];
    if (field) (fieldErrors[field] ??= []).push(p.message);
    else formErrors.push(p.message);
  }
  return { fieldErrors, formErrors };
}

/** Checks the results whole and writes them, or answers the form with what is wrong. */
async function load(
  request: Request,
  user: PublicUser,
  submission: Submitted,
  input: { kind: AssessmentKind; schoolYear: string } & ({ fileName: string; bytes: Uint8Array } | { fileName: string; table: Table }),
  reasonsFor: (problems: FileProblem[]) => Reasons,
) {
  try {
    const result = await importExternalResults({ request, user, schoolId: schoolOf(user), ...input });
    if (result.problems.length) return data(submission.reply(reasonsFor(result.problems)), { status: 400 });
    const what = `${ASSESSMENT_KINDS[input.kind].label} ${input.schoolYear}: ${result.subjects.join(", ")}`;
    return redirectWithNotice("/results/external", result.unchanged ? `${what} — без изменений: эти результаты уже загружены.` : `Загружено ${result.rows} результатов, ${what}.`);
  } catch (error) {
    return replyRefused(submission, error);
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:assessments");
  const upload = readUpload(context);
  const refused = refusedUpload(upload, { intent: "file" });
  if (refused) return refused;
  const fields = await readForm(request, context);
  if (fields.get("intent") === "entry") {
    // One result typed on the page: the same checks as a file's row.
    const submission = parseWithZod(fields, { schema: ExternalEntryForm });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const { kind, year, ...typed } = submission.value;
    const table: Table = { headers: Object.keys(ENTRY_COLUMNS), rows: [{ row: 2, cells: Object.values(ENTRY_COLUMNS).map((field) => typed[field] ?? "") }] };
    return load(request, user, submission, { kind, schoolYear: year, fileName: "введено вручную", table }, typedProblems);
  }
  const submission = parseWithZod(fields, { schema: ExternalFileForm });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const file = upload?.files.find((f) => f.field === "file");
  if (!file || file.bytes.length === 0) return data(submission.reply({ fieldErrors: { file: ["Выберите непустой файл XLSX или CSV"] } }), { status: 400 });
  if (file.bytes.length > TABLE_FILE_MAX_BYTES) return data(submission.reply({ fieldErrors: { file: [`Файл больше ${TABLE_FILE_MAX_TEXT}`] } }), { status: 413 });
  const { kind, year } = submission.value;
  return load(request, user, submission, { kind, schoolYear: year, fileName: file.originalName, bytes: new Uint8Array(file.bytes) }, (problems) => ({ fieldErrors: fileProblemErrors(problems) }));
}

type ProcedureMeta = { kind: FieldMetadata<AssessmentKind>; year: FieldMetadata<string> };

/** Which procedure and school year: both forms ask the same. */
function ProcedureFields({ years, fields }: { years: string[]; fields: ProcedureMeta }) {
  return (
    <>
      <SelectField label="Процедура" meta={fields.kind}>
        {ASSESSMENT_KIND_CODES.map((k) => (
          <option key={k} value={k}>
            {ASSESSMENT_KINDS[k].label}
          </option>
        ))}
      </SelectField>
      <SelectField label="Учебный год" meta={fields.year}>
        {years.map((y) => (
          <option key={y}>{y}</option>
        ))}
      </SelectField>
    </>
  );
}

export default function ExternalResults() {
  const { years, sets } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const defaultValue = { kind: ASSESSMENT_KIND_CODES[0], year: years[0] ?? "" };
  const entryResult = replyFor(lastResult, "entry");
  const [fileForm, fileFields] = useSchemaForm(ExternalFileForm, {
    // A file sent without the hidden intent (an older page, a script) is still the file form's.
    lastResult: entryResult ? null : lastResult,
    defaultValue,
  });
  const [entryForm, entryFields] = useSchemaForm(ExternalEntryForm, {
    lastResult: entryResult,
    defaultValue,
  });
  const problems = fileProblemsOf(fileForm.allErrors);
  return (
    <>
      <h1>Внешние оценочные процедуры: ВПР, ОГЭ, ГВЭ, ЕГЭ</h1>
      <p className="muted">
        Файл XLSX или CSV, строка на обучающегося и предмет: «ФИО» (или «Фамилия», «Имя», «Отчество»), при однофамильцах «Дата рождения» или «Класс», «Предмет»,
        «Отметка» (2–5) и/или «Баллы». ЕГЭ — в баллах (математика — «профильный» или «базовый» уровень в названии предмета; базовый — отметкой). Файл проверяется
        целиком: при ошибках не записывается ничего; повторная загрузка того же файла ничего не меняет; результаты предметов из файла заменяют прежние по этим предметам.
      </p>
      <FormErrors form={fileForm} />
      {problems.length ? <FileProblems problems={problems} nothingDone="результаты не загружены" /> : null}
      <Form method="post" encType="multipart/form-data" className="stack" style={{ maxWidth: "36rem" }} {...getFormProps(fileForm)}>
        <input type="hidden" name="intent" value="file" />
        <ProcedureFields years={years} fields={fileFields} />
        <Field label="Файл" meta={fileFields.file} type="file" accept=".xlsx,.csv" required />
        <button type="submit" disabled={busy}>
          {busy ? "Проверяю…" : "Загрузить"}
        </button>
      </Form>
      <h2>Ввести результат вручную</h2>
      <Form method="post" className="stack" style={{ maxWidth: "36rem" }} {...getFormProps(entryForm)}>
        <input type="hidden" name="intent" value="entry" />
        <ProcedureFields years={years} fields={entryFields} />
        <Field label="Обучающийся (фамилия, имя, отчество)" meta={entryFields.name} maxLength={ENTRY_LIMITS.name} />
        <Field label="Класс в тот год (если есть однофамильцы)" meta={entryFields.className} maxLength={ENTRY_LIMITS.className} style={{ maxWidth: "6rem" }} />
        <Field label="Предмет" meta={entryFields.subject} maxLength={ENTRY_LIMITS.subject} />
        <Field label="Отметка" meta={entryFields.mark} maxLength={ENTRY_LIMITS.mark} inputMode="numeric" style={{ maxWidth: "5rem" }} />
        <Field label="Баллы" meta={entryFields.points} maxLength={ENTRY_LIMITS.points} inputMode="decimal" style={{ maxWidth: "5rem" }} />
        <FormErrors form={entryForm} />
        <button type="submit" disabled={busy}>
          Записать результат
        </button>
      </Form>
      <h2>Загружено</h2>
      {sets.length === 0 ? (
        <p className="muted">Результатов ещё нет.</p>
      ) : (
        <TableBox label="Загруженные результаты">
          <tbody>
            {sets.map((s) => (
              <tr key={s.id}>
                <td>{s.schoolYear}</td>
                <td>{ASSESSMENT_KINDS[s.kind].label}</td>
                <td>{s.subjects.join(", ")}</td>
                <td className="muted">{s.last ? `${formatDateTime(s.last.at)}, ${personName(s.last.byName)}, «${s.last.fileName}»` : ""}</td>
              </tr>
            ))}
          </tbody>
        </TableBox>
      )}
    </>
  );
}
