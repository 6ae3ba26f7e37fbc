import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { ASSESSMENT_KIND_CODES, ASSESSMENT_KINDS, isAssessmentKind } from "~models/vocabulary/assessment-kinds";
import { importExternalResults, type AssessmentImport } from "~/assessments/import.server";
import { FileProblems } from "~/components/file-problems";
import { YearSelect } from "~/components/period-select";
import { formatDateTime } from "~/domain/format";
import type { Table } from "~/files/table-file.server";
import { readUpload } from "~/files/upload.server";
import { listYears } from "~models/academic-year.server";
import { listExternalResultOverview } from "~models/assessment.server";
import { readForm } from "~/http/read-form.server";
import { Refusal } from "~/http/refusals";

export const access: RouteAccess = "write:assessments";
export const meta: MetaFunction = () => [{ title: "ВПР, ОГЭ, ЕГЭ — Реестр достижений" }];

const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** The columns of a result typed on the page, as a file would name them. */
const ENTRY_COLUMNS = ["ФИО", "Класс", "Предмет", "Отметка", "Баллы"];

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

type Result = { error?: string; problems?: AssessmentImport["problems"]; done?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:assessments");
  const schoolId = schoolOf(user);
  const upload = readUpload(context);
  if (upload?.error) return Response.json({ error: upload.error } satisfies Result, { status: 400 });
  const fields = await readForm(request, context);
  const kind = String(fields.get("kind") ?? "");
  const schoolYear = String(fields.get("year") ?? "");
  if (!isAssessmentKind(kind)) return Response.json({ error: "Выберите процедуру из списка" } satisfies Result, { status: 400 });
  let source: { fileName: string; bytes: Uint8Array } | { fileName: string; table: Table };
  if (fields.get("intent") === "entry") {
    // One result typed on the page: the same checks as a file's row.
    const cell = (name: string) => String(fields.get(name) ?? "").trim().slice(0, 200);
    source = { fileName: "введено вручную", table: { headers: ENTRY_COLUMNS, rows: [{ row: 2, cells: ["name", "className", "subject", "mark", "points"].map(cell) }] } };
  } else {
    const file = upload?.files.find((f) => f.field === "file");
    if (!file || file.bytes.length === 0) return Response.json({ error: "Выберите непустой файл XLSX или CSV" } satisfies Result, { status: 400 });
    if (file.bytes.length > MAX_FILE_BYTES) return Response.json({ error: "Файл больше 5 МБ" } satisfies Result, { status: 413 });
    source = { fileName: file.originalName, bytes: new Uint8Array(file.bytes) };
  }
  try {
    const result = await importExternalResults({ request, user, schoolId, kind, schoolYear, ...source });
    if (result.problems.length) return Response.json({ problems: result.problems } satisfies Result, { status: 400 });
    const what = `${ASSESSMENT_KINDS[kind].label} ${schoolYear}: ${result.subjects.join(", ")}`;
    return { done: result.unchanged ? `${what} — без изменений: эти результаты уже загружены.` : `Загружено ${result.rows} результатов, ${what}.` } satisfies Result;
  } catch (error) {
    if (error instanceof Refusal) return Response.json({ error: error.message } satisfies Result, { status: 400 });
    throw error;
  }
}

/** Which procedure and school year: both forms ask the same. */
function ProcedureFields({ years }: { years: string[] }) {
  return (
    <>
      <label>
        Процедура
        <select name="kind" required>
          {ASSESSMENT_KIND_CODES.map((k) => (
            <option key={k} value={k}>
              {ASSESSMENT_KINDS[k].label}
            </option>
          ))}
        </select>
      </label>
      <YearSelect years={years} value={years[0] ?? ""} />
    </>
  );
}

export default function ExternalResults() {
  const { years, sets } = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>Внешние оценочные процедуры: ВПР, ОГЭ, ГВЭ, ЕГЭ</h1>
      <p className="muted">
        Файл XLSX или CSV, строка на обучающегося и предмет: «ФИО» (или «Фамилия», «Имя», «Отчество»), при однофамильцах «Дата рождения» или «Класс», «Предмет»,
        «Отметка» (2–5) и/или «Баллы». ЕГЭ — в баллах (математика — «профильный» или «базовый» уровень в названии предмета; базовый — отметкой). Файл проверяется
        целиком: при ошибках не записывается ничего; повторная загрузка того же файла ничего не меняет; результаты предметов из файла заменяют прежние по этим предметам.
      </p>
      {result?.done ? <p className="notice" role="status">{result.done}</p> : null}
      {result?.error ? <p className="error" role="alert">{result.error}</p> : null}
      {result?.problems ? <FileProblems problems={result.problems} nothingDone="результаты не загружены" /> : null}
      <Form method="post" encType="multipart/form-data" className="stack" style={{ maxWidth: "36rem" }}>
        <ProcedureFields years={years} />
        <label>
          Файл
          <input type="file" name="file" accept=".xlsx,.csv" required />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? "Проверяю…" : "Загрузить"}
        </button>
      </Form>
      <h2>Ввести результат вручную</h2>
      <Form method="post" className="stack" style={{ maxWidth: "36rem" }}>
        <input type="hidden" name="intent" value="entry" />
        <ProcedureFields years={years} />
        <label>
          Обучающийся (фамилия, имя, отчество)
          <input name="name" required maxLength={200} />
        </label>
        <label>
          Класс в тот год (если есть однофамильцы)
          <input name="className" maxLength={10} style={{ maxWidth: "6rem" }} />
        </label>
        <label>
          Предмет
          <input name="subject" required maxLength={200} />
        </label>
        <label>
          Отметка
          <input name="mark" inputMode="numeric" maxLength={1} style={{ maxWidth: "5rem" }} />
        </label>
        <label>
          Баллы
          <input name="points" inputMode="decimal" maxLength={5} style={{ maxWidth: "5rem" }} />
        </label>
        <button type="submit" disabled={busy}>
          Записать результат
        </button>
      </Form>
      <h2>Загружено</h2>
      {sets.length === 0 ? <p className="muted">Результатов ещё нет.</p> : null}
      <table className="data">
        <tbody>
          {sets.map((s) => (
            <tr key={s.id}>
              <td>{s.schoolYear}</td>
              <td>{ASSESSMENT_KINDS[s.kind].label}</td>
              <td>{s.subjects.join(", ")}</td>
              <td className="muted">{s.last ? `${formatDateTime(s.last.at)}, ${s.last.byName}, «${s.last.fileName}»` : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
