import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { Field, FormErrors, SelectField } from "~/components/field";
import { FileProblems } from "~/components/file-problems";
import { YearSelect } from "~/components/period-select";
import { LEVEL } from "~models/vocabulary/achievement-kinds";
import { formatDate, formatDateTime, pluralRu } from "~/domain/format";
import { replyFor } from "~/forms";
import { readTable } from "~/files/table-file.server";
import { readForm, readUpload, refusedUpload } from "~/http/read-form.server";
import { qualifyingStudents } from "~/gifted/eligibility.server";
import { GiftedListForm, LIST_FILE_MAX_BYTES, ListAddForm, ListUploadForm } from "~/gifted/forms";
import { LIST_ENTRY_LIMITS } from "~models/vocabulary/limits";
import { checkGiftedList, LIST_TEMPLATE_HEADERS } from "~/gifted/list-file.server";
import { chosenYear } from "~/gifted/years.server";
import { redirectWithNotice } from "~/http/notice.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { Conflict, RefusedByRule } from "~/http/refusals";
import { fileProblemErrors, fileProblemsOf } from "~/files/table-forms";
import { addGiftedListEntry, getGiftedList, replaceGiftedList, setGiftedListEntriesIfUnchanged } from "~models/gifted.server";
import { fullName } from "~models/student.server";
import { useSchemaForm } from "~/components/use-schema-form";
import { TableBox } from "~/components/table-box";

export const access: RouteAccess = "manage:gifted";
export const meta: MetaFunction = () => [{ title: "ГИР — Реестр достижений" }];

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

/** multer refused the file before it read the fields: only the list's file form sends one, and it gets the reason. */
const STALE = "Перечень изменился: обновите страницу";

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:gifted");
  const schoolId = schoolOf(user);
  const upload = readUpload(context);
  const refused = refusedUpload(upload, { intent: "upload" });
  if (refused) return refused;
  const submission = parseWithZod(await readForm(request, context), { schema: GiftedListForm });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const form = submission.value;
  const { years } = await chosenYear(schoolId, request);
  if (!years.includes(form.year)) return data(submission.reply({ formErrors: ["Выберите учебный год из списка"] }), { status: 400 });
  const year = form.year;
  const back = `/gifted?${new URLSearchParams({ year })}`;
  const by = fullName(user);
  try {
    if (form.intent === "add") {
      const entry = { event: form.event, organiser: form.organiser, profile: form.profile, level: form.level ?? "", act: form.act };
      await addGiftedListEntry({ schoolId, schoolYear: year, entry, loadedByName: by });
      await audit(request, user, { action: "update", entity: "gifted", entityId: year, summary: `перечень ГИР ${year}: добавлено «${entry.event}»` });
      return redirectWithNotice(back, `Добавлено: «${entry.event}».`);
    }

    if (form.intent === "remove") {
      const list = await getGiftedList(schoolId, year);
      const entry = list?.entries[form.index];
      // The event's name travels with the index: a list changed meanwhile is not cut at the wrong row.
      if (!list || !entry || entry.event !== form.event) throw new Conflict(STALE);
      const entries = list.entries.filter((_, i) => i !== form.index);
      const updated = await setGiftedListEntriesIfUnchanged({ schoolId, listId: list._id, seenLoadedAt: list.loadedAt, entries, loadedByName: by });
      if (!updated) throw new Conflict(STALE);
      await audit(request, user, { action: "update", entity: "gifted", entityId: year, summary: `перечень ГИР ${year}: удалено «${entry.event}»` });
      return redirectWithNotice(back, `Удалено: «${entry.event}».`);
    }

    const file = upload?.files.find((f) => f.field === "file");
    if (!file || file.bytes.length === 0) throw new RefusedByRule("Выберите непустой файл XLSX или CSV", "file");
    if (file.bytes.length > LIST_FILE_MAX_BYTES) return data(submission.reply({ fieldErrors: { file: [`Файл больше ${LIST_FILE_MAX_BYTES / 1024 / 1024} МБ`] } }), { status: 413 });
    const checked = checkGiftedList(await readTable(new Uint8Array(file.bytes)));
    // Any bad row refuses the whole file, each problem with its row and column.
    if (checked.problems.length) return data(submission.reply({ fieldErrors: fileProblemErrors(checked.problems) }), { status: 400 });
    // One document per year: the new list replaces the old one in a single write.
    await replaceGiftedList({ schoolId, schoolYear: year, entries: checked.entries, source: file.originalName.slice(0, 200), loadedByName: by });
    await audit(request, user, { action: "update", entity: "gifted", entityId: year, summary: `перечень ГИР ${year} загружен из «${file.originalName}»: ${checked.entries.length} строк` });
    return redirectWithNotice(back, `Перечень на ${year} учебный год загружен: ${pluralRu(checked.entries.length, ["мероприятие", "мероприятия", "мероприятий"])}.`);
  } catch (error) {
    return replyRefused(submission, error);
  }
}

export default function GiftedPage() {
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>() ?? null;
  const busy = useNavigation().state === "submitting";
  const uploaded = replyFor(lastResult, "upload");
  const [uploadForm, upload] = useSchemaForm(ListUploadForm, {
    id: "upload",
    lastResult: uploaded,
  });
  const added = replyFor(lastResult, "add");
  const [addForm, add] = useSchemaForm(ListAddForm, {
    // A line added, the form starts empty again.
    id: `add-${page.list?.entries.length ?? 0}`,
    lastResult: added,
  });
  const removal = replyFor(lastResult, "remove");
  const problems = fileProblemsOf(uploaded?.error);
  return (
    <>
      <h1>Государственный информационный ресурс об одарённых детях (ГИР)</h1>
      <Form method="get" className="toolbar">
        <YearSelect years={page.years} value={page.year} />
        <button type="submit" className="secondary">
          Показать
        </button>
        {page.list ? (
          <a className="button secondary" href={`/gifted.xlsx?year=${page.year}`}>
            Список для подачи (XLSX)
          </a>
        ) : null}
      </Form>


      <h2>Проходят в {page.year} учебном году</h2>
      {!page.list ? (
        <p className="card">Перечень мероприятий на {page.year} учебный год не загружен: загрузите его ниже, и здесь появятся обучающиеся, чьи подтверждённые результаты в него входят.</p>
      ) : page.rows.length === 0 ? (
        <p className="card">Ни одного подтверждённого результата победителя или призёра мероприятий из перечня.</p>
      ) : (
        <>
          <p>{pluralRu(page.students, ["обучающийся", "обучающихся", "обучающихся"])}; почему не проходит конкретный обучающийся — на его странице ГИР (ссылка по имени).</p>
          <TableBox label="Результаты для ГИР">
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
              {page.rows.map((r, i) => (
                <tr key={i}>
                  <td>{r.className}</td>
                  <td>
                    <Link to={`/students/${r.studentId}/gifted?year=${page.year}`}>{r.student}</Link>
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
          </TableBox>
        </>
      )}

      <h2>Перечень мероприятий на {page.year} учебный год</h2>
      {page.list ? (
        <p className="muted">
          {page.list.source ? `Источник: ${page.list.source}. ` : ""}Изменён {formatDateTime(page.list.loadedAt)}, {page.list.loadedByName}.
        </p>
      ) : null}
      <div className="card">
        <Form method="post" encType="multipart/form-data" className="stack" {...getFormProps(uploadForm)}>
          <input type="hidden" name="intent" value="upload" />
          <input type="hidden" name="year" value={page.year} />
          <Field label={`Загрузить перечень из файла XLSX или CSV (заменит весь перечень на ${page.year})`} meta={upload.file} type="file" accept=".xlsx,.csv" required />
          <p className="muted" style={{ margin: 0 }}>
            Столбцы: {page.templateHeaders.map((h) => `«${h}»`).join(", ")}; обязателен только «Мероприятие». Уровень — с какого этапа результат входит в ГИР (пусто — любой).
          </p>
          <FormErrors form={uploadForm} />
          <button type="submit" disabled={busy}>
            Проверить и загрузить
          </button>
        </Form>
        {problems.length ? <FileProblems problems={problems} nothingDone="перечень не изменён" /> : null}
      </div>
      {/* A removal's reason stands above the list: the line it was sent from may be gone. */}
      <FormErrors form={{ errorId: "remove-errors", errors: removal?.error ? Object.values(removal.error).flatMap((e) => e ?? []) : undefined }} />
      {page.list?.entries.length ? (
        <TableBox label="Перечень мероприятий">
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
            {page.list.entries.map((e, i) => (
              <tr key={`${i}-${e.event}`}>
                <td>{e.event}</td>
                <td>{e.organiser}</td>
                <td>{e.profile || "любой"}</td>
                <td>{e.level ? LEVEL[e.level] : "любой"}</td>
                <td>{e.act}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="year" value={page.year} />
                    <input type="hidden" name="index" value={i} />
                    <input type="hidden" name="event" value={e.event} />
                    <button type="submit" className="link-button">
                      удалить
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </TableBox>
      ) : null}
      {/* Open again when the line typed in came back refused, so its reasons show without scripts too. */}
      <details className="card" open={added ? true : undefined}>
        <summary>Добавить мероприятие вручную</summary>
        <Form method="post" className="stack" key={addForm.id} {...getFormProps(addForm)}>
          <input type="hidden" name="intent" value="add" />
          <input type="hidden" name="year" value={page.year} />
          <Field label="Мероприятие" meta={add.event} maxLength={LIST_ENTRY_LIMITS.event} />
          <Field label="Организатор" meta={add.organiser} maxLength={LIST_ENTRY_LIMITS.organiser} />
          <Field label="Профиль (предмет)" meta={add.profile} maxLength={LIST_ENTRY_LIMITS.profile} />
          <SelectField label="Уровень, не ниже" meta={add.level}>
            <option value="">любой</option>
            {Object.entries(LEVEL).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </SelectField>
          <Field label="Основание (нормативный акт)" meta={add.act} maxLength={LIST_ENTRY_LIMITS.act} />
          <FormErrors form={addForm} />
          <button type="submit">Добавить</button>
        </Form>
      </details>
    </>
  );
}
