import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { YearSelect } from "~/components/period-select";
import { FileProblems } from "~/components/file-problems";
import { LEVEL } from "~models/vocabulary/achievement-kinds";
import { formatDate, formatDateTime, pluralRu } from "~/domain/format";
import { readTable, TableFileError } from "~/files/table-file.server";
import { readUpload } from "~/files/upload.server";
import { qualifyingStudents } from "~/gifted/eligibility.server";
import { LIST_ENTRY_LIMITS, readTypedEntry } from "~/gifted/list-entry";
import { checkGiftedList, LIST_TEMPLATE_HEADERS } from "~/gifted/list-file.server";
import { chosenYear } from "~/gifted/years.server";
import type { FileProblem } from "~/files/table-file.server";
import { addGiftedListEntry, getGiftedList, replaceGiftedList, setGiftedListEntriesIfUnchanged } from "~models/gifted.server";
import { fullName } from "~models/student.server";
import { readForm } from "~/http/read-form.server";

export const access: RouteAccess = "manage:gifted";
export const meta: MetaFunction = () => [{ title: "ГИР — Реестр достижений" }];

const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** The year's list of events and who qualifies by it, with the form to load a new list. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:gifted");
  const schoolId = schoolOf(user);
  const { years, year } = await chosenYear(schoolId, request);
  const [list, qualifying] = await Promise.all([getGiftedList(schoolId, year), qualifyingStudents(schoolId, year, null)]);
  await audit(request, user, { action: "read", entity: "gifted", entityId: year, summary: `ГИР: кто проходит, ${year}` });
  return {
    years,
    year,
    list: list ? { source: list.source, loadedAt: list.loadedAt, loadedByName: list.loadedByName, entries: list.entries } : null,
    rows: qualifying.rows,
    students: new Set(qualifying.rows.map((r) => r.studentId)).size,
    templateHeaders: LIST_TEMPLATE_HEADERS,
  };
}

type Result = { error?: string; problems?: FileProblem[]; done?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:gifted");
  const schoolId = schoolOf(user);
  const upload = readUpload(context);
  if (upload?.error) return Response.json({ error: upload.error } satisfies Result, { status: 400 });
  const fields = await readForm(request, context);
  const { years } = await chosenYear(schoolId, request);
  const year = String(fields.get("year") ?? "");
  if (!years.includes(year)) return Response.json({ error: "Выберите учебный год из списка" } satisfies Result, { status: 400 });
  const by = fullName(user);

  if (fields.get("intent") === "add") {
    const typed = readTypedEntry({ event: String(fields.get("event") ?? ""), organiser: String(fields.get("organiser") ?? ""), profile: String(fields.get("profile") ?? ""), level: String(fields.get("level") ?? ""), act: String(fields.get("act") ?? "") });
    if ("error" in typed) return Response.json({ error: typed.error } satisfies Result, { status: 400 });
    const { entry } = typed;
    await addGiftedListEntry({ schoolId, schoolYear: year, entry, loadedByName: by });
    await audit(request, user, { action: "update", entity: "gifted", entityId: year, summary: `перечень ГИР ${year}: добавлено «${entry.event}»` });
    return { done: `Добавлено: «${entry.event}».` } satisfies Result;
  }

  if (fields.get("intent") === "remove") {
    const index = Number(fields.get("index"));
    const list = await getGiftedList(schoolId, year);
    const entry = list?.entries[index];
    // The event's name travels with the index: a list changed meanwhile is not cut at the wrong row.
    if (!entry || entry.event !== String(fields.get("event") ?? "")) return Response.json({ error: "Перечень изменился: обновите страницу" } satisfies Result, { status: 409 });
    const entries = list.entries.filter((_, i) => i !== index);
    const updated = await setGiftedListEntriesIfUnchanged({ schoolId, listId: list._id, seenLoadedAt: list.loadedAt, entries, loadedByName: by });
    if (!updated) return Response.json({ error: "Перечень изменился: обновите страницу" } satisfies Result, { status: 409 });
    await audit(request, user, { action: "update", entity: "gifted", entityId: year, summary: `перечень ГИР ${year}: удалено «${entry.event}»` });
    return { done: `Удалено: «${entry.event}».` } satisfies Result;
  }

  const file = upload?.files.find((f) => f.field === "file");
  if (!file || file.bytes.length === 0) return Response.json({ error: "Выберите непустой файл XLSX или CSV" } satisfies Result, { status: 400 });
  if (file.bytes.length > MAX_FILE_BYTES) return Response.json({ error: "Файл больше 5 МБ" } satisfies Result, { status: 413 });
  let checked;
  try {
    checked = checkGiftedList(await readTable(new Uint8Array(file.bytes)));
  } catch (error) {
    if (error instanceof TableFileError) return Response.json({ error: error.message } satisfies Result, { status: 400 });
    throw error;
  }
  if (checked.problems.length) return Response.json({ problems: checked.problems } satisfies Result, { status: 400 });
  // One document per year: the new list replaces the old one in a single write.
  await replaceGiftedList({ schoolId, schoolYear: year, entries: checked.entries, source: file.originalName.slice(0, 200), loadedByName: by });
  await audit(request, user, { action: "update", entity: "gifted", entityId: year, summary: `перечень ГИР ${year} загружен из «${file.originalName}»: ${checked.entries.length} строк` });
  return { done: `Перечень на ${year} учебный год загружен: ${pluralRu(checked.entries.length, ["мероприятие", "мероприятия", "мероприятий"])}.` } satisfies Result;
}

export default function GiftedPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>Государственный информационный ресурс об одарённых детях (ГИР)</h1>
      <Form method="get" className="toolbar">
        <YearSelect years={data.years} value={data.year} />
        <button type="submit" className="secondary">
          Показать
        </button>
        {data.list ? (
          <a className="button secondary" href={`/gifted.xlsx?year=${data.year}`}>
            Список для подачи (XLSX)
          </a>
        ) : null}
      </Form>

      {result?.error ? <p className="alert" role="alert">{result.error}</p> : null}
      {result?.problems ? <FileProblems problems={result.problems} nothingDone="перечень не изменён" /> : null}
      {result?.done ? <p className="notice" role="status">{result.done}</p> : null}

      <h2>Проходят в {data.year} учебном году</h2>
      {!data.list ? (
        <p className="card">Перечень мероприятий на {data.year} учебный год не загружен: загрузите его ниже, и здесь появятся обучающиеся, чьи подтверждённые результаты в него входят.</p>
      ) : data.rows.length === 0 ? (
        <p className="card">Ни одного подтверждённого результата победителя или призёра мероприятий из перечня.</p>
      ) : (
        <>
          <p>{pluralRu(data.students, ["обучающийся", "обучающихся", "обучающихся"])}; почему не проходит конкретный обучающийся — на его странице ГИР (ссылка по имени).</p>
          <table className="data">
            <thead>
              <tr>
                <th>Класс</th>
                <th>Обучающийся</th>
                <th>Результат</th>
                <th>Дата</th>
                <th>Строка перечня и основание</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r, i) => (
                <tr key={i}>
                  <td>{r.className}</td>
                  <td>
                    <Link to={`/students/${r.studentId}/gifted?year=${data.year}`}>{r.student}</Link>
                  </td>
                  <td>{r.achievement}</td>
                  <td>{formatDate(r.date)}</td>
                  <td>
                    {r.entry.event}
                    {r.entry.profile ? ` (${r.entry.profile})` : ""}
                    <div className="muted">{r.entry.act || "основание не указано"}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      <h2>Перечень мероприятий на {data.year} учебный год</h2>
      {data.list ? (
        <p className="muted">
          {data.list.source ? `Источник: ${data.list.source}. ` : ""}Изменён {formatDateTime(data.list.loadedAt)}, {data.list.loadedByName}.
        </p>
      ) : null}
      <div className="card">
        <Form method="post" encType="multipart/form-data" className="stack">
          <input type="hidden" name="year" value={data.year} />
          <label>
            Загрузить перечень из файла XLSX или CSV (заменит весь перечень на {data.year})
            <input type="file" name="file" accept=".xlsx,.csv" required />
          </label>
          <p className="muted" style={{ margin: 0 }}>
            Столбцы: {data.templateHeaders.map((h) => `«${h}»`).join(", ")}; обязателен только «Мероприятие». Уровень — с какого этапа результат входит в ГИР (пусто — любой).
          </p>
          <button type="submit" name="intent" value="upload" disabled={busy}>
            Проверить и загрузить
          </button>
        </Form>
      </div>
      {data.list?.entries.length ? (
        <table className="data">
          <thead>
            <tr>
              <th>Мероприятие</th>
              <th>Организатор</th>
              <th>Профиль</th>
              <th>Уровень (не ниже)</th>
              <th>Основание</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.list.entries.map((e, i) => (
              <tr key={`${i}-${e.event}`}>
                <td>{e.event}</td>
                <td>{e.organiser}</td>
                <td>{e.profile || "любой"}</td>
                <td>{e.level ? LEVEL[e.level] : "любой"}</td>
                <td>{e.act}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="year" value={data.year} />
                    <input type="hidden" name="index" value={i} />
                    <input type="hidden" name="event" value={e.event} />
                    <button type="submit" name="intent" value="remove" className="link-button">
                      удалить
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <details className="card">
        <summary>Добавить мероприятие вручную</summary>
        <Form method="post" className="stack">
          <input type="hidden" name="year" value={data.year} />
          <label>
            Мероприятие
            <input name="event" required maxLength={LIST_ENTRY_LIMITS.event} />
          </label>
          <label>
            Организатор
            <input name="organiser" maxLength={LIST_ENTRY_LIMITS.organiser} />
          </label>
          <label>
            Профиль (предмет)
            <input name="profile" maxLength={LIST_ENTRY_LIMITS.profile} />
          </label>
          <label>
            Уровень, не ниже
            <select name="level" defaultValue="">
              <option value="">любой</option>
              {Object.entries(LEVEL).map(([code, label]) => (
                <option key={code} value={label}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Основание (нормативный акт)
            <input name="act" maxLength={LIST_ENTRY_LIMITS.act} />
          </label>
          <button type="submit" name="intent" value="add">
            Добавить
          </button>
        </Form>
      </details>
    </>
  );
}
