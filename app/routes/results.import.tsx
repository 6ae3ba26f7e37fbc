import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { ledClassIds, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { Field, FormErrors, SelectField } from "~/components/field";
import { FileProblems } from "~/components/file-problems";
import { Options } from "~/components/options";
import { UploadProgress, useUploadWithProgress } from "~/components/upload-progress";
import { readForm, readUpload } from "~/http/read-form.server";
import { replyFor } from "~/forms";
import { replyRefused } from "~/http/refusal-reply.server";
import { IMPORT_DATASETS, ImportApplyForm, ImportCheckForm } from "~/results/forms";
import { fileProblemsOf, TABLE_FILE_MAX_TEXT } from "~/files/table-forms";
import { applyImport } from "~/results/import.server";
import { checkImportUpload, importPreview, requireStagedImportOfLedClass, unchangedImport } from "~/results/import-form.server";
import { periodsOfClasses } from "~/results/periods";
import { getCurrentYear } from "~models/academic-year.server";
import { className, findClasses } from "~models/class.server";
import { useSchemaForm } from "~/components/use-schema-form";

export const access: RouteAccess = "write:results";
export const meta: MetaFunction = () => [{ title: "Загрузка отметок — Реестр достижений" }];

/**
 * The form, and what the last file checked would change: `?import=<id>` is a checked file staged
 * and waiting for «Применить» (read back from the stored import), `?unchanged=…` a file that
 * matched the marks in force.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:results");
  const schoolId = schoolOf(user);
  const year = await getCurrentYear(schoolId);
  const classes = await findClasses({ schoolId, classIds: await ledClassIds(user) });
  const params = new URL(request.url).searchParams;
  const staged = params.get("import");
  const preview = staged === null ? null : await importPreview(user, staged);
  const unchanged = preview ? null : await unchangedImport(user, params);
  const shown = preview ?? unchanged;
  return {
    classes: classes.map((c) => ({ id: String(c._id), name: className(c) })),
    // The periods of the classes' systems (a grade range may have its own: halves for 10–11).
    periods: year ? periodsOfClasses(year, classes) : [],
    selected: { dataset: shown?.dataset ?? "marks", class: shown?.classId ?? params.get("class") ?? "", period: shown?.period ?? params.get("period") ?? "" },
    preview,
    unchanged,
    gone: staged !== null && !preview ? "Эта загрузка уже применена или не найдена: загрузите файл заново" : null,
  };
}

/** «Проверить» (the file, multipart) stages the file and redirects to its preview; «Применить» switches it on. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:results");
  const upload = readUpload(context);
  const fields = upload ? null : await readForm(request, context);
  if (!fields || fields.get("intent") === "check") return checkImportUpload(request, user, upload);
  const submission = parseWithZod(fields, { schema: ImportApplyForm });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { importId, previewed } = submission.value;
  let applied: Awaited<ReturnType<typeof applyImport>>;
  try {
    await requireStagedImportOfLedClass(user, importId);
    applied = await applyImport(request, user, schoolOf(user), importId, previewed);
  } catch (error) {
    return replyRefused(submission, error);
  }
  return redirect(`/classes/${applied.classId}/summary?period=${applied.period.split(":")[0]}&imported=1`);
}

/**
 * After «Применить», refused or not, the preview is read again: a refusal because the marks in
 * force changed shows what the file would change now, and is applied against that.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => formData?.get("intent") === "apply" || defaultShouldRevalidate;

export default function ImportResults() {
  const { classes, periods, selected, preview, unchanged, gone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const upload = useUploadWithProgress("/results/check");
  const busy = useNavigation().state !== "idle" || upload.busy;
  const applyResult = replyFor(actionData, "apply");
  const [form, fields] = useSchemaForm(ImportCheckForm, {
    // The check's reasons come from the upload with progress, or (without scripts) from the page's action.
    lastResult: upload.result ?? (applyResult ? null : actionData),
    defaultValue: selected,
    onSubmit: upload.onSubmit,
  });
  const problems = fileProblemsOf(form.allErrors);
  return (
    <>
      <h1>Загрузка итоговых отметок из журнала</h1>
      <div className="card">
        <p>
          Сводная ведомость класса за период, выгруженная из электронного журнала, в XLSX или CSV: первая строка — заголовки,
          столбец <strong>«ФИО»</strong> (или «Обучающийся»), затем по столбцу на предмет с его названием; необязательно —
          «Уроков», «Пропущено», «Без уважительной причины», «Дата рождения» (если в классе есть тёзки). Отметки: 1–5, «н/а»,
          «осв», «зач», «незач». Файл проверяется целиком; пока в нём есть ошибки, ничего не меняется.
        </p>
        {classes.length === 0 ? <p className="muted">За вами не закреплено ни одного класса.</p> : null}
        <p>
          Результаты контрольных и диагностических работ — по строке на ученика и работу: «ФИО», «Предмет», «Работа», «Вид»
          (контрольная или диагностическая), «Дата» (в пределах периода) и «Отметка» и/или «Процент» (или «Баллы» и «Максимум»).
          Текущие отметки — «ФИО», «Предмет», «Дата», «Отметка»: по ним видно, какие итоговые отметки не подкреплены тремя текущими.
          Выполнение учебного плана — по строке на предмет: «Предмет», «По плану», «Проведено» (уроков за период).
        </p>
        <Form method="post" encType="multipart/form-data" className="toolbar" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="check" />
          <SelectField label="Что загружаете" meta={fields.dataset}>
            {Object.entries(IMPORT_DATASETS).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </SelectField>
          <SelectField label="Класс" meta={fields.class}>
            <Options items={classes} />
          </SelectField>
          <SelectField label="Период" meta={fields.period}>
            {periods.map((p) => (
              <option key={p.label} value={p.key}>
                {p.label}
              </option>
            ))}
          </SelectField>
          <Field label={`Файл (до ${TABLE_FILE_MAX_TEXT})`} meta={fields.file} type="file" accept=".xlsx,.csv" required />
          <button type="submit" disabled={busy}>
            {busy ? "Проверка…" : "Проверить"}
          </button>
          <UploadProgress sent={upload.sent} checking={upload.checking} />
        </Form>
        <p className="muted">
          Образец с учениками и предметами класса:{" "}
          {classes.map((c) => (
            <a key={c.id} href={`/results/template?class=${c.id}`} style={{ marginRight: "0.6rem" }}>
              {c.name}
            </a>
          ))}
          ; образец выполнения плана:{" "}
          {classes.map((c) => (
            <a key={c.id} href={`/results/template?class=${c.id}&dataset=plan`} style={{ marginRight: "0.6rem" }}>
              {c.name}
            </a>
          ))}
        </p>
      </div>
      <FormErrors form={form} />
      {problems.length ? <FileProblems problems={problems} nothingDone="отметки не изменены" /> : null}
      {gone ? <p className="alert">{gone}</p> : null}
      {!preview && applyResult ? <ReplyErrors result={applyResult} /> : null}
      {unchanged ? (
        <p className="notice">
          Этот файл совпадает с уже загруженными отметками {unchanged.className} класса ({unchanged.periodLabel}): ничего не изменится.{" "}
          <Link to={`/classes/${unchanged.classId}/summary?period=${unchanged.period}`}>Сводная ведомость</Link>
        </p>
      ) : null}
      {preview ? <Preview preview={preview} lastResult={applyResult} /> : null}
    </>
  );
}

/** Every reason of a reply in one line: the hidden fields of «Применить» have no place of their own. */
function ReplyErrors({ id, result }: { id?: string; result: Pick<SubmissionResult<string[]>, "error"> }) {
  const errors = Object.values(result.error ?? {}).flatMap((e) => e ?? []);
  if (!errors.length) return null;
  return (
    <p id={id} className="alert" role="alert">
      {errors.join(" ")}
    </p>
  );
}

type ImportPreview = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["preview"]>;

function Preview({ preview, lastResult }: { preview: ImportPreview; lastResult: SubmissionResult<string[]> | null }) {
  const [form] = useSchemaForm(ImportApplyForm, {
    lastResult,
  });
  return (
    <div className="card">
      <h2 style={{ marginTop: 0 }}>
        {preview.className} класс, {preview.periodLabel}, {IMPORT_DATASETS[preview.dataset]}: ошибок нет
      </h2>
      <ul>
        <li>{preview.dataset === "plan" ? `предметов в файле: ${preview.marks}` : `обучающихся в файле: ${preview.rows}, записей: ${preview.marks}`}</li>
        <li>
          новых: {preview.changes.added}, изменённых: {preview.changes.changed}, исчезнет: {preview.changes.removed}
        </li>
        {preview.missing.length ? <li>нет в файле: {preview.missing.join(", ")}</li> : null}
      </ul>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="apply" />
        <input type="hidden" name="importId" value={preview.importId} />
        <input type="hidden" name="previewed" value={preview.previewed} />
        <ReplyErrors id={form.errorId} result={{ error: form.allErrors }} />
        <button type="submit">Применить</button>
      </Form>
    </div>
  );
}
