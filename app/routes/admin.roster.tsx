import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { Field, FormErrors, SelectField } from "~/components/field";
import { Options } from "~/components/options";
import { replyFor } from "~/forms";
import { FileProblems } from "~/components/file-problems";
import { useSchemaForm } from "~/components/use-schema-form";
import { TableFileForm } from "~/components/table-file-form";
import { formatDate, pluralRu, todayIso } from "~/domain/format";
import { TABLE_FILE_MAX_BYTES, TABLE_FILE_MAX_TEXT } from "~/files/table-forms";
import { readForm, readUpload, refusedUpload } from "~/http/read-form.server";
import { redirectWithNotice } from "~/http/notice.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { RefusedByRule } from "~/http/refusals";
import { className, listClasses } from "~models/class.server";
import { RosterImportSchema } from "~/roster/forms";
import { applyStagedRoster, checkRosterFile, checkRosterTableOf, describeApplied } from "~/roster/import.server";
import { describeCandidate, planIsEmpty } from "~/roster/preview";
import { getCurrentYear } from "~models/academic-year.server";
import { getStagedRosterImport, stageRosterImport } from "~models/roster-import.server";
import { countStudentRecords } from "~models/student.server";
import { ROSTER_CHANGES, type RosterPlan, type RosterRow } from "~models/vocabulary/roster";
import { TableBox } from "~/components/table-box";

export const access: RouteAccess = "manage:roster";
export const meta: MetaFunction = () => [{ title: "Контингент — Реестр достижений" }];

const PAGE = "/admin/roster";
const SLIPS = "/admin/roster/slips.pdf";

/** The page, and a checked file's preview (`?import=<id>`, this admin's own). */
export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireUserWithPermission(request, "manage:roster");
  const schoolId = schoolOf(admin);
  const year = await getCurrentYear(schoolId);
  const importId = new URL(request.url).searchParams.get("import");
  const staged = importId ? await getStagedRosterImport({ schoolId, by: admin._id, importId }) : null;
  // A school's first load: its students were there all year, so the changes count from its start.
  const firstLoad = (await countStudentRecords({ schoolId })) === 0;
  const today = todayIso();
  const classes = year ? (await listClasses(schoolId, year._id)).map((c) => ({ id: String(c._id), name: className(c) })) : [];
  return {
    classes,
    year: year ? { name: year.name, start: year.startDate.toISOString().slice(0, 10), end: year.endDate.toISOString().slice(0, 10) } : null,
    defaultDay: firstLoad && year ? year.startDate.toISOString().slice(0, 10) : today,
    today,
    missing: !!importId && !staged,
    staged: staged
      ? { id: String(staged._id), fileName: staged.fileName, state: staged.state, problems: staged.problems, plan: staged.plan, applied: staged.applied }
      : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireUserWithPermission(request, "manage:roster");
  const schoolId = schoolOf(admin);
  const upload = readUpload(context);
  // A refused upload (too big, too many parts) is the file form's, answered beside the file.
  const refused = refusedUpload(upload, { field: "file", intent: "check" });
  if (refused) return refused;
  const submission = parseWithZod(await readForm(request, context), { schema: RosterImportSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const input = submission.value;
  try {
    if (input.intent === "check") {
      const file = upload?.files.find((f) => f.field === "file");
      if (!file || file.bytes.length === 0) throw new RefusedByRule("Выберите непустой файл XLSX или CSV.", "file");
      if (file.bytes.length > TABLE_FILE_MAX_BYTES) return data(submission.reply({ fieldErrors: { file: [`Файл больше ${TABLE_FILE_MAX_TEXT}.`] } }), { status: 413 });
      const checked = await checkRosterFile({ schoolId, bytes: new Uint8Array(file.bytes) });
      const importId = await stageRosterImport({ schoolId, by: admin._id, yearId: checked.year._id, fileName: file.originalName, problems: checked.problems, plan: checked.plan, rows: checked.rows, wholeClasses: checked.wholeClasses });
      return redirect(`${PAGE}?import=${importId}`);
    }
    if (input.intent === "arrival") {
      // The same check as a file's, on a one-row table: the same messages, namesakes and preview.
      const table = {
        headers: ["Фамилия", "Имя", "Отчество", "Дата рождения", "Пол", "Класс", "СНИЛС", "Родитель 1: ФИО", "Родитель 1: кем приходится", "Родитель 1: телефон", "Родитель 1: e-mail"],
        rows: [{ row: 2, cells: [input.lastName, input.firstName, input.middleName ?? "", input.birthDate, input.gender, input.className, input.snils ?? "", input.parentName ?? "", input.parentKin ?? "", input.parentPhone ?? "", input.parentEmail ?? ""] }],
      };
      const checked = await checkRosterTableOf({ schoolId, table, wholeClasses: false });
      const importId = await stageRosterImport({ schoolId, by: admin._id, yearId: checked.year._id, fileName: "введено вручную", problems: checked.problems, plan: checked.plan, rows: checked.rows, wholeClasses: checked.wholeClasses });
      return redirect(`${PAGE}?import=${importId}`);
    }
    // The accounts' forms go to the slips' own address (their answer is a file); here they are unknown.
    if (input.intent === "accounts" || input.intent === "reslip") throw new RefusedByRule("Листки входа выдаются по своему адресу: обновите страницу.");
    const namesakes = new Map(input.namesakes.map((answer) => [Number(answer.split(":")[0]), answer.split(":")[1]]));
    const departures = input.departureIds
      .map((studentId, i) => ({ studentId, on: input.departureDates[i] ?? "", to: input.departureTo[i] ?? "" }))
      .filter((d) => d.on !== "");
    const applied = await applyStagedRoster({ schoolId, by: admin._id, importId: input.importId, answers: { on: input.on, namesakes, departures } });
    await audit(request, admin, {
      action: "update",
      entity: "roster",
      entityId: input.importId,
      summary: describeApplied(applied),
      after: { ...applied, departures: departures.map((d) => ({ student: d.studentId, on: d.on, to: d.to })) },
    });
    return redirectWithNotice(`${PAGE}?import=${input.importId}`, describeApplied(applied));
  } catch (error) {
    return replyRefused(submission, error);
  }
}

type Reply = SubmissionResult<string[]> | null | undefined;

export default function Roster() {
  const { year, staged, missing, defaultDay, today, classes } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>Контингент</h1>
      <div className="card">
        <p>
          Выгрузка контингента из электронного журнала: XLSX или CSV (UTF-8 или Windows-1251, разделитель «;» или «,»), строка на
          ученика — ФИО (одним столбцом или тремя), дата рождения, класс, пол; по желанию идентификатор ученика в журнале, СНИЛС,
          дата зачисления и родители (ФИО, кем приходится, телефон, e-mail). Файл сначала проверяется целиком, затем показывается,
          что изменится; ничего не записывается до «Применить». Повторная загрузка того же файла ничего не меняет.
        </p>
        <p>
          <Link to="/admin/roster/template.xlsx" reloadDocument>
            Скачать шаблон (XLSX)
          </Link>
          {year ? <span className="muted"> · учебный год {year.name}</span> : null}
        </p>
        {year ? <CheckForm lastResult={lastResult} /> : <p className="alert">В школе нет текущего учебного года.</p>}
      </div>
      {missing ? <p className="alert">Проверка файла не найдена или устарела: загрузите его заново.</p> : null}
      {staged?.problems.length ? <FileProblems problems={staged.problems} nothingDone="ничего не изменено" /> : null}
      {staged?.state === "applied" && staged.applied ? (
        <p className="notice">
          Файл «{staged.fileName}» применён {formatDate(staged.applied.on)}: прибыло {staged.applied.arrivals}, переведено {staged.applied.moves}, выбыло{" "}
          {staged.applied.departures}, обновлены данные {staged.applied.updates}. Учётные записи семьям — на странице «Пользователи».
        </p>
      ) : null}
      {year && classes.length ? <ArrivalForm classes={classes} today={today} lastResult={lastResult} /> : null}
      {year && classes.length ? <AccountsForm classes={classes} lastResult={lastResult} /> : null}
      {staged?.state === "applying" ? <p className="alert">Применение этого файла было прервано: нажмите «Применить» ещё раз — недостающее будет доделано, сделанное не повторится.</p> : null}
      {(staged?.state === "checked" || staged?.state === "applying") && staged.plan && year ? (
        <Preview importId={staged.id} fileName={staged.fileName} plan={staged.plan} year={year} defaultDay={defaultDay} today={today} lastResult={lastResult} />
      ) : null}
    </>
  );
}

function CheckForm({ lastResult }: { lastResult: Reply }) {
  const [form] = useSchemaForm(RosterImportSchema, { intent: "check", lastResult });
  return <TableFileForm form={form} maxText={TABLE_FILE_MAX_TEXT} />;
}

/** One student who arrives, by hand: previewed and applied like a file of one row. */
function ArrivalForm({ classes, today, lastResult }: { classes: { id: string; name: string }[]; today: string; lastResult: Reply }) {
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useSchemaForm(RosterImportSchema, { intent: "arrival", lastResult });
  return (
    <details className="card" open={!!replyFor(lastResult, "arrival")}>
      <summary>
        <strong>Прибытие одного ученика (без файла)</strong>
      </summary>
      <Form method="post" className="form-grid" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="arrival" />
        <Field label="Фамилия" meta={fields.lastName} required />
        <Field label="Имя" meta={fields.firstName} required />
        <Field label="Отчество" meta={fields.middleName} />
        <Field label="Дата рождения" type="date" meta={fields.birthDate} max={today} required />
        <SelectField label="Пол" meta={fields.gender} defaultValue="">
          <option value="" disabled>
            — выберите —
          </option>
          <option value="ж">женский</option>
          <option value="м">мужской</option>
        </SelectField>
        <SelectField label="Класс" meta={fields.className} defaultValue="">
          <option value="" disabled>
            — выберите —
          </option>
          {/* A class by its name, as a file names it: the form is checked as a one-row file. */}
          <Options items={classes.map((c) => ({ id: c.name, name: c.name }))} />
        </SelectField>
        <Field label="СНИЛС (по желанию)" meta={fields.snils} inputMode="numeric" />
        <Field label="Родитель: ФИО" meta={fields.parentName} />
        <Field label="кем приходится" meta={fields.parentKin} placeholder="мать, отец, опекун" />
        <Field label="телефон" type="tel" meta={fields.parentPhone} />
        <Field label="e-mail" type="email" meta={fields.parentEmail} />
        <FormErrors form={form} />
        <button type="submit" disabled={busy}>
          Проверить
        </button>
      </Form>
    </details>
  );
}

/** Accounts for the families of a class or the school: the answer is the PDF of their login slips. */
function AccountsForm({ classes, lastResult }: { classes: { id: string; name: string }[]; lastResult: Reply }) {
  const [form, fields] = useSchemaForm(RosterImportSchema, { intent: "accounts", lastResult });
  return (
    <div className="card">
      <h2>Учётные записи семьям</h2>
      <p>
        Каждому ученику и каждому родителю из контингента — учётная запись, привязанная к ребёнку, и листок входа (один на семью) с
        паролем для первого входа; при первом входе каждый придумает свой пароль. Уже созданные учётные записи не дублируются и
        сохраняют свои пароли. Потерянный листок выдаётся заново на странице ученика.
      </p>
      {/* The answer is a file: the browser downloads it and the page stays. */}
      <Form method="post" action={SLIPS} reloadDocument className="toolbar" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="accounts" />
        <SelectField label="Для кого" meta={fields.classId}>
          <option value="all">вся школа</option>
          <Options items={classes.map((c) => ({ id: c.id, name: `${c.name} класс` }))} />
        </SelectField>
        <button type="submit">Создать и распечатать листки (PDF)</button>
      </Form>
    </div>
  );
}

const rowName = (r: RosterRow) => [r.lastName, r.firstName, r.middleName].filter(Boolean).join(" ");

/** A section of the preview, folded when long. */
function Section({ title, count, children }: { title: string; count: number; children: React.ReactNode }) {
  if (!count) return null;
  return (
    <details open={count <= 40} className="card">
      <summary>
        <strong>
          {title[0].toLocaleUpperCase("ru") + title.slice(1)}: {count}
        </strong>
      </summary>
      <div className="table-scroll">{children}</div>
    </details>
  );
}

function Preview(props: { importId: string; fileName: string; plan: RosterPlan; year: { name: string; start: string; end: string }; defaultDay: string; today: string; lastResult: Reply }) {
  const { importId, fileName, plan, year, defaultDay, today, lastResult } = props;
  const busy = useNavigation().state !== "idle";
  const [form] = useSchemaForm(RosterImportSchema, { intent: "apply", lastResult });
  const lastDay = today < year.end ? today : year.end;
  if (planIsEmpty(plan)) {
    return <p className="notice">Файл «{fileName}» совпадает с реестром: изменений нет ({pluralRu(plan.unchanged, ["ученик", "ученика", "учеников"])} без изменений).</p>;
  }
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="apply" />
      <input type="hidden" name="importId" value={importId} />
      <p className="notice">
        Ошибок в файле «{fileName}» нет. Что изменится: {ROSTER_CHANGES.arrival} — {plan.arrivals.length}, {ROSTER_CHANGES.move} — {plan.moves.length},{" "}
        {ROSTER_CHANGES.departure} — {plan.departures.length}, {ROSTER_CHANGES.update} — {plan.updates.length}, {ROSTER_CHANGES.unchanged} — {plan.unchanged}
        {plan.namesakes.length ? `, нужно решить о тёзках — ${plan.namesakes.length}` : ""}.
      </p>
      <Section title={ROSTER_CHANGES.arrival} count={plan.arrivals.length}>
        <TableBox label={ROSTER_CHANGES.arrival}>
          <thead>
            <tr>
              <th className="num">Строка</th>
              <th>ФИО</th>
              <th>Дата рождения</th>
              <th>Класс</th>
              <th>Родители</th>
            </tr>
          </thead>
          <tbody>
            {plan.arrivals.map((a) => (
              <tr key={a.row}>
                <td className="num">{a.row}</td>
                <td>
                  {rowName(a.data)} {a.returning ? <span className="badge">возвращается</span> : null}
                </td>
                <td>{formatDate(a.data.birthDate)}</td>
                <td>{a.data.className}</td>
                <td>{a.data.parents.map((p) => `${p.lastName} ${p.firstName}${p.kin ? ` (${p.kin})` : ""}`).join(", ") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </TableBox>
      </Section>
      <Section title={ROSTER_CHANGES.move} count={plan.moves.length}>
        <TableBox label={ROSTER_CHANGES.move}>
          <thead>
            <tr>
              <th className="num">Строка</th>
              <th>ФИО</th>
              <th>Из класса</th>
              <th>В класс</th>
            </tr>
          </thead>
          <tbody>
            {plan.moves.map((m) => (
              <tr key={m.row}>
                <td className="num">{m.row}</td>
                <td>{m.name}</td>
                <td>{m.fromClass}</td>
                <td>{m.data.className}</td>
              </tr>
            ))}
          </tbody>
        </TableBox>
        <p className="muted">Отметки, выставленные в прежнем классе, остаются в его ведомостях.</p>
      </Section>
      {plan.arrivals.length || plan.moves.length ? (
        <label className="field">
          Дата прибытия и переводов
          <input type="date" name="on" defaultValue={defaultDay} min={year.start} max={lastDay} required />
        </label>
      ) : (
        <input type="hidden" name="on" value={today} />
      )}
      <Section title={ROSTER_CHANGES.update} count={plan.updates.length}>
        <TableBox label={ROSTER_CHANGES.update}>
          <thead>
            <tr>
              <th className="num">Строка</th>
              <th>ФИО</th>
              <th>Класс</th>
              <th>Что изменится</th>
            </tr>
          </thead>
          <tbody>
            {plan.updates.map((u) => (
              <tr key={u.row}>
                <td className="num">{u.row}</td>
                <td>{u.name}</td>
                <td>{u.data.className}</td>
                <td>{u.fields.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </TableBox>
      </Section>
      <Section title="тёзки — кто это?" count={plan.namesakes.length}>
        <p className="muted">В реестре уже есть ученик с таким же ФИО. Выберите, тот же это человек или новый: реестр не угадывает.</p>
        <TableBox label="Тёзки">
          <thead>
            <tr>
              <th className="num">Строка</th>
              <th>В файле</th>
              <th>Это…</th>
            </tr>
          </thead>
          <tbody>
            {plan.namesakes.map((n) => (
              <tr key={n.row}>
                <td className="num">{n.row}</td>
                <td>
                  {rowName(n.data)}, {formatDate(n.data.birthDate)}, {n.data.className}
                </td>
                <td>
                  <select name="namesakes" aria-label={`Строка ${n.row}: кто это`} required defaultValue="">
                    <option value="" disabled>
                      — выберите —
                    </option>
                    <option value={`${n.row}:new`}>новый ученик</option>
                    {n.candidates.map((c) => (
                      <option key={c.studentId} value={`${n.row}:${c.studentId}`}>
                        уже записан: {describeCandidate(c)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </TableBox>
      </Section>
      <Section title={ROSTER_CHANGES.departure} count={plan.departures.length}>
        <p className="muted">
          Их нет в файле, хотя их классы в нём есть. Подтвердите выбытие каждого датой (и, если известно, куда); без даты ученик остаётся в
          своём классе. Личное дело выбывшего становится доступным только для чтения и хранится свой срок.
        </p>
        <TableBox label={ROSTER_CHANGES.departure}>
          <thead>
            <tr>
              <th>ФИО</th>
              <th>Класс</th>
              <th>Дата выбытия</th>
              <th>Куда</th>
            </tr>
          </thead>
          <tbody>
            {plan.departures.map((d) => (
              <tr key={d.studentId}>
                <td>{d.name}</td>
                <td>{d.className}</td>
                <td>
                  <input type="hidden" name="departureIds" value={d.studentId} />
                  <input type="date" name="departureDates" min={year.start} max={lastDay} aria-label={`Дата выбытия: ${d.name}`} />
                </td>
                <td>
                  <input type="text" name="departureTo" maxLength={200} aria-label={`Куда выбыл(а): ${d.name}`} placeholder="школа, город" />
                </td>
              </tr>
            ))}
          </tbody>
        </TableBox>
      </Section>
      {plan.unchanged ? <p className="muted">Без изменений: {pluralRu(plan.unchanged, ["ученик", "ученика", "учеников"])}.</p> : null}
      <FormErrors form={{ errorId: form.errorId, errors: Object.values(form.allErrors).flat() }} />
      <button type="submit" disabled={busy}>
        {busy ? "Применение…" : "Применить"}
      </button>
    </Form>
  );
}
