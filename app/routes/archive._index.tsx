import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { personName } from "~/domain/audit-change";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { ARCHIVE_VERSION } from "~/archive/format";
import { ArchiveForms, RemoveArchiveSchema, StartArchiveSchema, VerifyArchiveSchema } from "~/archive/forms";
import { ARCHIVE_STATES, type ArchiveState } from "~models/vocabulary/archive-states";
import { removeStoredArchive, startArchiveJob, takeOverAbandoned, verifyStoredArchive } from "~/archive/jobs.server";
import { FormErrors, SelectField } from "~/components/field";
import { formatDate, formatDateTime, formatNumber, pluralRu } from "~/domain/format";
import { replyFor } from "~/forms";
import { listYears } from "~models/academic-year.server";
import { getArchiveExport, listArchiveExports } from "~models/archive.server";
import { getRetention } from "~models/school.server";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { NotFound } from "~/http/refusals";
import { useSchemaForm } from "~/components/use-schema-form";

export const access: RouteAccess = "export:archive";
export const meta: MetaFunction = () => [{ title: "Архив учебных лет — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "export:archive");
  const schoolId = schoolOf(user);
  await takeOverAbandoned(schoolId);
  const [years, exports, retention] = await Promise.all([listYears(schoolId), listArchiveExports(schoolId), getRetention(schoolId)]);
  return {
    years: years.map((y) => ({ name: y.name, closedAt: y.closedAt ?? null, current: !!y.current })),
    exports: exports.map((e) => ({
      id: String(e._id), schoolYear: e.schoolYear, state: e.state as ArchiveState, stage: e.stage, done: e.done, total: e.total,
      startedAt: e.startedAt, startedByName: personName(e.startedByName), finishedAt: e.finishedAt ?? null, error: e.error, fileName: e.fileName,
      size: e.size, sha256: e.sha256, digest: e.digest, entries: e.entries,
      verifiedAt: e.verifiedAt ?? null, verifiedOk: e.verifiedOk ?? null, verifyProblems: e.verifyProblems,
      downloadedAt: e.downloadedAt ?? null, removedAt: e.removedAt ?? null,
    })),
    retention,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "export:archive");
  const schoolId = schoolOf(user);
  const formData = await readForm(request, context);
  // A year alone (as the page sent it before the forms had an intent) starts its export.
  if (!formData.has("intent")) formData.set("intent", "start");
  const submission = parseWithZod(formData, { schema: ArchiveForms });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const input = submission.value;
  try {
    if (input.intent === "start") {
      await startArchiveJob(request, user, schoolId, input.schoolYear);
      return redirectWithNotice("/archive", `Выгрузка ${input.schoolYear} начата: ход — ниже.`);
    }
    const job = await getArchiveExport(schoolId, input.exportId);
    if (!job) throw new NotFound("Нет такого архива");
    if (input.intent === "verify") {
      const result = await verifyStoredArchive(job);
      await audit(request, user, { action: "read", entity: "archive", entityId: String(job._id), summary: `Проверен архив ${job.schoolYear}: ${result.ok ? "цел" : `ошибок ${result.problems.length}`}` });
      // The page shows the verification's result with the archive.
      return redirect("/archive");
    }
    await removeStoredArchive(job);
    await audit(request, user, { action: "delete", entity: "archive", entityId: String(job._id), summary: `Файл архива ${job.schoolYear} удалён из базы после скачивания (SHA-256 ${job.sha256})` });
    return redirectWithNotice("/archive", `Файл архива ${job.schoolYear} удалён из базы; сведения о нём и контрольные суммы остаются.`);
  } catch (error) {
    return replyRefused(submission, error);
  }
}

const megabytes = (bytes: number) => `${formatNumber(bytes / 1024 / 1024, 1)} МБ`;

type Reply = SubmissionResult<string[]> | null | undefined;

/** A button about one stored archive («Проверить архив», «Удалить файл из базы»), with the reason it was refused. */
function ArchiveButton({ intent, exportId, lastResult, disabled, children }: { intent: "verify" | "remove"; exportId: string; lastResult: Reply; disabled: boolean; children: ReactNode }) {
  const schema = intent === "verify" ? VerifyArchiveSchema : RemoveArchiveSchema;
  const [form] = useSchemaForm(schema, {
    id: `${intent}-${exportId}`,
    lastResult: replyFor(lastResult, intent)?.initialValue?.exportId === exportId ? lastResult : null,
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="exportId" value={exportId} />
      <FormErrors form={form} />
      <button type="submit" disabled={disabled}>
        {children}
      </button>
    </Form>
  );
}

export default function ArchivePage() {
  const { years, exports, retention } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const revalidator = useRevalidator();
  const running = exports.some((e) => e.state === "running");
  // Progress while an export runs: the page asks again every second.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  const closed = years.filter((y) => y.closedAt);
  const [startForm, start] = useSchemaForm(StartArchiveSchema, {
    id: "archive-start",
    lastResult: replyFor(lastResult, "start"),
    defaultValue: { schoolYear: closed[0]?.name ?? "" },
  });
  // A reply of a form that is not on the page (no closed year; an archive's file removed or not yet downloaded…) stands above.
  const sent = lastResult?.initialValue;
  const onPage = (intent: unknown, exportId: unknown) =>
    intent === "start"
      ? closed.length > 0
      : exports.some((e) => e.id === exportId && e.state === "done" && !e.removedAt && (intent === "verify" || (intent === "remove" && e.downloadedAt)));
  const stray = lastResult && !onPage(sent?.intent, sent?.exportId) ? Object.values(lastResult.error ?? {}).flatMap((reasons) => reasons ?? []) : [];
  return (
    <>
      <h1>Архив учебных лет</h1>
      <p className="muted">
        Архив закрытого учебного года — один ZIP-файл: все записи года (обучающиеся, классы, отметки и посещаемость, достижения со всеми версиями, решения, выписки,
        журнал доступа) в машиночитаемом виде, все подтверждающие документы, сводные ведомости и списки достижений по классам в PDF и XLSX, и манифест с контрольной
        суммой SHA-256 каждого файла (формат версии {ARCHIVE_VERSION}). Скачайте архив и храните его на внешнем носителе; целостность файла проверяется кнопкой
        «Проверить архив» здесь, а без реестра — по контрольным суммам манифеста (это умеет администратор сервера).
      </p>
      {stray.length ? (
        <p className="alert" role="alert">
          {stray.join(" ")}
        </p>
      ) : null}
      {closed.length ? (
        <Form method="post" className="toolbar" {...getFormProps(startForm)}>
          <input type="hidden" name="intent" value="start" />
          <SelectField label="Учебный год" meta={start.schoolYear}>
            {closed.map((y) => (
              <option key={y.name} value={y.name}>
                {y.name} (закрыт {formatDate(y.closedAt)})
              </option>
            ))}
          </SelectField>
          <FormErrors form={startForm} />
          <button type="submit" disabled={busy || running}>
            Сделать архив года
          </button>
        </Form>
      ) : (
        <p>Закрытых учебных лет нет: архив делается после закрытия года.</p>
      )}
      <h2>Архивы</h2>
      {exports.length === 0 ? <p className="muted">Архивов ещё не делали.</p> : null}
      {exports.map((e) => (
        <section key={e.id} className="card" aria-label={`Архив ${e.schoolYear}`}>
          <h3>
            {e.schoolYear} — {ARCHIVE_STATES[e.state]}
          </h3>
          <p className="muted">
            Начат {formatDateTime(e.startedAt)}, {e.startedByName}
            {e.finishedAt ? `; завершён ${formatDateTime(e.finishedAt)}` : ""}
          </p>
          {e.state === "running" ? (
            <p>
              <progress max={Math.max(1, e.total)} value={e.done} aria-label="Ход выгрузки" /> {e.total ? Math.floor((e.done * 100) / e.total) : 0}% — {e.stage}
            </p>
          ) : null}
          {e.state === "failed" ? <p className="error">{e.error}</p> : null}
          {e.state === "done" && e.removedAt ? (
            <p className="muted" style={{ wordBreak: "break-all" }}>
              Файл удалён из базы {formatDateTime(e.removedAt)} после скачивания ({formatDateTime(e.downloadedAt)}). SHA-256 архива: {e.sha256}
            </p>
          ) : null}
          {e.state === "done" && !e.removedAt ? (
            <>
              <p>
                <a href={`/archive/${e.id}.zip`} download>
                  Скачать {e.fileName}
                </a>{" "}
                ({megabytes(e.size)}, файлов: {e.entries})
              </p>
              <p className="muted" style={{ wordBreak: "break-all" }}>
                SHA-256 архива: {e.sha256}
                <br />
                Сводная сумма манифеста: {e.digest}
              </p>
              {e.verifiedAt ? (
                e.verifiedOk ? (
                  <p className="notice">Проверен {formatDateTime(e.verifiedAt)}: все контрольные суммы совпадают, манифест и версия формата в порядке.</p>
                ) : (
                  <div className="error" role="alert">
                    Проверка {formatDateTime(e.verifiedAt)} нашла ошибки:
                    <ul>
                      {e.verifyProblems.map((p) => (
                        <li key={p}>{p}</li>
                      ))}
                    </ul>
                  </div>
                )
              ) : null}
              <ArchiveButton intent="verify" exportId={e.id} lastResult={lastResult} disabled={busy}>
                Проверить архив
              </ArchiveButton>
              {e.downloadedAt ? (
                <ArchiveButton intent="remove" exportId={e.id} lastResult={lastResult} disabled={busy}>
                  Удалить файл из базы (скачан {formatDateTime(e.downloadedAt)})
                </ArchiveButton>
              ) : (
                <p className="muted">Скачанный архив можно удалить из базы, чтобы он не занимал в ней место.</p>
              )}
            </>
          ) : null}
        </section>
      ))}
      <h2>Сроки хранения</h2>
      <p className="muted">Записываются в манифест каждого архива и в журнал доступа. Меняет администрация на странице «Сроки хранения».</p>
      <table>
        <thead>
          <tr>
            <th>Документы</th>
            <th>Срок</th>
            <th>Основание</th>
          </tr>
        </thead>
        <tbody>
          {retention.map((r) => (
            <tr key={r.kind}>
              <td>{r.label}</td>
              <td>
                {pluralRu(r.years, ["год", "года", "лет"])} после {r.after}
              </td>
              <td>{r.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
