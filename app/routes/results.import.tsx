import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ledClassIds, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { Options } from "~/components/options";
import { PeriodSelect } from "~/components/period-select";
import { FileProblems } from "~/components/file-problems";
import { UploadProgress, useUploadWithProgress } from "~/components/upload-progress";
import { readUpload } from "~/files/upload.server";
import { applyImport } from "~/results/import.server";
import { checkImportUpload, importTarget, type ImportCheck } from "~/results/import-form.server";
import { periodOptions } from "~/results/periods";
import { getCurrentYear } from "~models/academic-year.server";
import { className, findClasses } from "~models/class.server";
import { readForm } from "~/http/read-form.server";
import { Refusal } from "~/http/refusals";

export const access: RouteAccess = "write:results";
export const meta: MetaFunction = () => [{ title: "Загрузка отметок — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:results");
  const schoolId = schoolOf(user);
  const year = await getCurrentYear(schoolId);
  const classes = await findClasses({ schoolId, classIds: await ledClassIds(user) });
  const params = new URL(request.url).searchParams;
  return {
    classes: classes.map((c) => ({ id: String(c._id), name: className(c) })),
    periods: year ? periodOptions(year) : [],
    selected: { classId: params.get("class") ?? "", period: params.get("period") ?? "" },
  };
}

type Result = ImportCheck;

const DATASETS = { marks: "итоговые отметки за период (сводная ведомость)", current: "текущие отметки", works: "контрольные и диагностические работы", plan: "выполнение учебного плана (уроков по плану и проведено)" } as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:results");
  const upload = readUpload(context);
  const fields = await readForm(request, context);
  if (upload?.error) return Response.json({ step: "error", message: upload.error } satisfies Result, { status: 400 });
  const { schoolClass, year } = await importTarget(user, String(fields.get("class") ?? ""), String(fields.get("period") ?? ""));
  const period = String(fields.get("period"));
  if (!year) return Response.json({ step: "error", message: "Выберите период" } satisfies Result, { status: 400 });

  if (fields.get("intent") === "apply") {
    try {
      await applyImport(request, user, schoolOf(user), String(fields.get("importId") ?? ""), String(fields.get("previewed") ?? ""));
    } catch (error) {
      if (error instanceof Refusal) return Response.json({ step: "error", message: error.message } satisfies Result, { status: 409 });
      throw error;
    }
    throw redirect(`/classes/${schoolClass._id}/summary?period=${period}&imported=1`);
  }

  const checked = await checkImportUpload(request, user, upload);
  return Response.json(checked.result, { status: checked.status });
}

export default function ImportResults() {
  const { classes, periods, selected } = useLoaderData<typeof loader>();
  const upload = useUploadWithProgress<Result>("/results/check");
  const actionData = useActionData<Result>();
  const result = upload.result ?? actionData;
  const busy = useNavigation().state !== "idle" || upload.busy;
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
        <Form method="post" encType="multipart/form-data" className="toolbar" onSubmit={upload.onSubmit}>
          <label>
            Что загружаете
            <select name="dataset" defaultValue="marks">
              {Object.entries(DATASETS).map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Класс
            <select name="class" defaultValue={selected.classId} required>
              <Options items={classes} />
            </select>
          </label>
          <PeriodSelect periods={periods} value={selected.period} required />
          <label>
            Файл (до 5 МБ)
            <input type="file" name="file" accept=".xlsx,.csv" required />
          </label>
          <input type="hidden" name="intent" value="check" />
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
      {result?.step === "error" ? <p className="alert">{result.message}</p> : null}
      {result?.step === "preview" ? <Preview result={result} /> : null}
    </>
  );
}

function Preview({ result }: { result: Extract<Result, { step: "preview" }> }) {
  if (result.problems.length) {
    return (
      <FileProblems problems={result.problems} nothingDone="отметки не изменены" />
    );
  }
  if (result.unchanged) {
    return (
      <p className="notice">
        Этот файл совпадает с уже загруженными отметками {result.className} класса ({result.periodLabel}): ничего не изменится.{" "}
        <Link to={`/classes/${result.classId}/summary?period=${result.period}`}>Сводная ведомость</Link>
      </p>
    );
  }
  return (
    <div className="card">
      <h2 style={{ marginTop: 0 }}>
        {result.className} класс, {result.periodLabel}, {DATASETS[result.dataset]}: ошибок нет
      </h2>
      <ul>
        <li>{result.dataset === "plan" ? `предметов в файле: ${result.marks}` : `обучающихся в файле: ${result.rows}, записей: ${result.marks}`}</li>
        <li>
          новых: {result.changes.added}, изменённых: {result.changes.changed}, исчезнет: {result.changes.removed}
        </li>
        {result.missing.length ? <li>нет в файле: {result.missing.join(", ")}</li> : null}
      </ul>
      <Form method="post">
        <input type="hidden" name="intent" value="apply" />
        <input type="hidden" name="class" value={result.classId} />
        <input type="hidden" name="period" value={result.period} />
        <input type="hidden" name="importId" value={result.importId ?? ""} />
        <input type="hidden" name="previewed" value={result.previewed} />
        <button type="submit">Применить</button>
      </Form>
    </div>
  );
}
