import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { ARCHIVE_VERSION } from "~/archive/format";
import { ARCHIVE_STATES, type ArchiveState } from "~models/vocabulary/archive-states";
import { removeStoredArchive, startArchiveJob, takeOverAbandoned, verifyStoredArchive } from "~/archive/jobs.server";
import { formatDate, formatDateTime, formatNumber } from "~/domain/format";
import { listYears } from "~models/academic-year.server";
import { getArchiveExport, listArchiveExports } from "~models/archive.server";
import { getRetention } from "~models/school.server";
import { readForm } from "~/http/read-form.server";
import { Refusal } from "~/http/refusals";

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
      startedAt: e.startedAt, startedByName: e.startedByName, finishedAt: e.finishedAt ?? null, error: e.error, fileName: e.fileName,
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
  const form = await readForm(request, context);
  try {
    if (form.get("intent") === "verify") {
      const job = await getArchiveExport(schoolId, String(form.get("exportId") ?? ""));
      if (!job) return Response.json({ error: "Нет такого архива" }, { status: 404 });
      const result = await verifyStoredArchive(job);
      await audit(request, user, { action: "read", entity: "archive", entityId: String(job._id), summary: `Проверен архив ${job.schoolYear}: ${result.ok ? "цел" : `ошибок ${result.problems.length}`}` });
      return { verified: String(job._id) };
    }
    if (form.get("intent") === "remove") {
      const job = await getArchiveExport(schoolId, String(form.get("exportId") ?? ""));
      if (!job) return Response.json({ error: "Нет такого архива" }, { status: 404 });
      await removeStoredArchive(job);
      await audit(request, user, { action: "delete", entity: "archive", entityId: String(job._id), summary: `Файл архива ${job.schoolYear} удалён из базы после скачивания (SHA-256 ${job.sha256})` });
      return { removed: job.schoolYear };
    }
    const schoolYear = String(form.get("schoolYear") ?? "");
    if (!/^\d{4}\/\d{4}$/.test(schoolYear)) return Response.json({ error: "Выберите учебный год" }, { status: 400 });
    await startArchiveJob(request, user, schoolId, schoolYear);
    return { started: schoolYear };
  } catch (error) {
    // Answered as before (400 with the reason) until the page moves to the shared form reply.
    if (error instanceof Refusal) return Response.json({ error: error.message }, { status: 400 });
    throw error;
  }
}

const megabytes = (bytes: number) => `${formatNumber(bytes / 1024 / 1024, 1)} МБ`;

export default function ArchivePage() {
  const { years, exports, retention } = useLoaderData<typeof loader>();
  const result = useActionData<{ error?: string; started?: string; removed?: string }>();
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
  return (
    <>
      <h1>Архив учебных лет</h1>
      <p className="muted">
        Архив закрытого учебного года — один ZIP-файл: все записи года (обучающиеся, классы, отметки и посещаемость, достижения со всеми версиями, решения, выписки,
        журнал доступа) в машиночитаемом виде, все подтверждающие документы, сводные ведомости и списки достижений по классам в PDF и XLSX, и манифест с контрольной
        суммой SHA-256 каждого файла (формат версии {ARCHIVE_VERSION}, описан в docs/archive.md). Скачайте архив и храните его на внешнем носителе; проверить файл можно
        и без реестра: <code>npm run archive:verify -- файл.zip</code>.
      </p>
      {result?.error ? <p className="error" role="alert">{result.error}</p> : null}
      {result?.started ? <p className="notice" role="status">Выгрузка {result.started} начата: ход — ниже.</p> : null}
      {result?.removed ? <p className="notice" role="status">Файл архива {result.removed} удалён из базы; сведения о нём и контрольные суммы остаются.</p> : null}
      {closed.length ? (
        <Form method="post" className="toolbar">
          <label>
            Учебный год
            <select name="schoolYear" defaultValue={closed[0].name}>
              {closed.map((y) => (
                <option key={y.name} value={y.name}>
                  {y.name} (закрыт {formatDate(y.closedAt)})
                </option>
              ))}
            </select>
          </label>
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
              <Form method="post">
                <input type="hidden" name="intent" value="verify" />
                <input type="hidden" name="exportId" value={e.id} />
                <button type="submit" disabled={busy}>
                  Проверить архив
                </button>
              </Form>
              {e.downloadedAt ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="exportId" value={e.id} />
                  <button type="submit" disabled={busy}>
                    Удалить файл из базы (скачан {formatDateTime(e.downloadedAt)})
                  </button>
                </Form>
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
                {r.years} лет после {r.after}
              </td>
              <td>{r.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
