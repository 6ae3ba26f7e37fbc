import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { UserImportSchema, USER_LIST_MAX_BYTES, USER_LIST_MAX_TEXT } from "~/admin/forms";
import { applyUserImport, checkUserTable, type ImportProblem, type ImportRow } from "~/admin/user-import.server";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { FormErrors } from "~/components/field";
import { FileProblems } from "~/components/file-problems";
import { readTable } from "~/files/table-file.server";
import { readForm, readUpload, refusedUpload } from "~/http/read-form.server";
import { redirectWithNotice } from "~/http/notice.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { Conflict, NotFound, RefusedByRule } from "~/http/refusals";
import { getStagedUserImport, markUserImportApplied, stageUserImport, takeCreatedPasswords } from "~models/user-import.server";
import { ROLES, ROLE_LABELS } from "~models/vocabulary/roles";
import { IMPORT_COLUMNS } from "~models/vocabulary/user-import-columns";
import { useSchemaForm } from "~/components/use-schema-form";
import { TableFileForm } from "~/components/table-file-form";
import { TableBox } from "~/components/table-box";

export const access: RouteAccess = "manage:users";
export const meta: MetaFunction = () => [{ title: "Загрузка пользователей — Реестр достижений" }];

const PAGE = "/admin/users/import";

/** The page of a checked (or created) list: `?import=<id>`, this admin's own. */
export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireUserWithPermission(request, "manage:users");
  const importId = new URL(request.url).searchParams.get("import");
  if (!importId) return { staged: null, missing: false };
  const scope = { schoolId: schoolOf(admin), by: admin._id, importId };
  const staged = await getStagedUserImport(scope);
  if (!staged) return { staged: null, missing: true };
  // The temporary passwords are shown once: this load takes them, a reload finds them gone.
  const created = staged.state === "applied" ? await takeCreatedPasswords(scope) : null;
  return {
    missing: false,
    staged: {
      id: String(staged._id),
      state: staged.state,
      rows: staged.rows,
      problems: staged.problems,
      created: created ?? staged.created,
      passwordsShown: staged.state === "applied" && !created,
    },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireUserWithPermission(request, "manage:users");
  const schoolId = schoolOf(admin);
  const upload = readUpload(context);
  // A refused upload (too big, too many parts) is the file form's, answered beside the file.
  const refused = refusedUpload(upload, { field: "file", intent: "check" });
  if (refused) return refused;
  const submission = parseWithZod(await readForm(request, context), { schema: UserImportSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });

  if (submission.value.intent === "check") {
    const refuse = (status: number, message: string) => data(submission.reply({ fieldErrors: { file: [message] } }), { status });
    if (!upload) return refuse(400, "Отправьте форму с файлом.");
    const file = upload.files.find((f) => f.field === "file");
    if (!file || file.bytes.length === 0) return refuse(400, "Выберите непустой файл XLSX или CSV.");
    if (file.bytes.length > USER_LIST_MAX_BYTES) return refuse(413, `Файл больше ${USER_LIST_MAX_TEXT}: разделите список на части.`);
    let checked;
    try {
      checked = await checkUserTable(await readTable(new Uint8Array(file.bytes)));
    } catch (error) {
      if (error instanceof RefusedByRule) return refuse(400, error.message);
      throw error;
    }
    const importId = await stageUserImport({ schoolId, by: admin._id, fileName: file.originalName, ...checked });
    return redirect(`${PAGE}?import=${importId}`);
  }

  const { importId } = submission.value;
  try {
    const staged = await getStagedUserImport({ schoolId, by: admin._id, importId });
    if (!staged) throw new NotFound("Проверка файла не найдена: загрузите его заново.");
    if (staged.state === "applied") throw new Conflict("Этот список уже создан.");
    if (staged.problems.length) throw new RefusedByRule("В файле есть ошибки: исправьте его и загрузите снова; никто не создан.");
    // Same rules as the preview, against the database as it is now.
    const recheck = await checkUserTable({
      headers: Object.values(IMPORT_COLUMNS),
      rows: staged.rows.map((r) => ({ row: r.row, cells: [r.lastName, r.firstName, r.middleName, r.login, r.roles.join(",")] })),
    });
    if (recheck.problems.length) {
      const shown = recheck.problems.slice(0, 5).map((p) => `строка ${p.row}${p.column ? `, ${p.column}` : ""}: ${p.message}`);
      const more = recheck.problems.length > shown.length ? `; и ещё ${recheck.problems.length - shown.length}` : "";
      throw new RefusedByRule(`После проверки список перестал подходить (${shown.join("; ")}${more}). Никто не создан: проверьте файл заново.`);
    }
    let created;
    try {
      created = await applyUserImport(schoolId, recheck.rows);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      throw new Conflict("Пока шла загрузка, один из логинов успели занять; никто не создан. Проверьте файл заново.");
    }
    await audit(request, admin, { action: "create", entity: "user", summary: `загружен список пользователей: ${created.length}`, after: { logins: created.map((c) => c.login) } });
    if (!(await markUserImportApplied({ schoolId, by: admin._id, importId: staged._id, created }))) {
      return redirectWithNotice("/admin/users", `Создано учётных записей: ${created.length}. Временные пароли показать не удалось: сбросьте их на странице каждого пользователя.`);
    }
    return redirect(`${PAGE}?import=${importId}`);
  } catch (error) {
    return replyRefused(submission, error);
  }
}

type Reply = SubmissionResult<string[]> | null | undefined;

function CheckForm({ lastResult }: { lastResult: Reply }) {
  const [form] = useSchemaForm(UserImportSchema, { intent: "check", lastResult });
  return <TableFileForm form={form} maxText={USER_LIST_MAX_TEXT} />;
}

function ApplyForm({ importId, count, lastResult }: { importId: string; count: number; lastResult: Reply }) {
  const busy = useNavigation().state !== "idle";
  const [form] = useSchemaForm(UserImportSchema, {
    intent: "apply",
    lastResult,
  });
  return (
    <Form method="post" style={{ marginTop: "1rem" }} {...getFormProps(form)}>
      <input type="hidden" name="intent" value="apply" />
      <input type="hidden" name="importId" value={importId} />
      <FormErrors form={{ errorId: form.errorId, errors: Object.values(form.allErrors).flat() }} />
      <button type="submit" disabled={busy}>
        Создать {count} учётных записей
      </button>
    </Form>
  );
}

export default function ImportUsers() {
  const { staged, missing } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/admin/users">← Пользователи</Link>
      </p>
      <h1>Загрузка списка пользователей</h1>
      <div className="card">
        <p>
          Таблица XLSX или CSV (UTF-8 или Windows-1251, разделитель «;» или «,»), первая строка — заголовки:{" "}
          <strong>{Object.values(IMPORT_COLUMNS).join(", ")}</strong>. Роли — через запятую: {ROLES.filter((r) => r !== "municipal").map((r) => ROLE_LABELS[r].toLowerCase()).join("; ")}. Каждому
          будет выдан временный пароль, который он сменит при первом входе. Сначала файл проверяется целиком; пока в нём
          есть ошибки, никто не создаётся.
        </p>
        <CheckForm lastResult={lastResult} />
      </div>
      {missing ? <p className="alert">Проверка файла не найдена или устарела: загрузите его заново.</p> : null}
      {staged?.state === "checked" ? <Preview importId={staged.id} rows={staged.rows} problems={staged.problems} lastResult={lastResult} /> : null}
      {staged?.state === "applied" ? (
        <>
          <p className="notice">
            Создано учётных записей: {staged.created.length}.{" "}
            {staged.passwordsShown
              ? "Временные пароли уже были показаны; кто не получил свой, тому сбросьте пароль на странице пользователя."
              : "Временные пароли показаны один раз — распечатайте эту страницу."}
          </p>
          <TableBox label="Созданные учётные записи">
            <thead>
              <tr>
                <th>ФИО</th>
                <th>Логин</th>
                {staged.passwordsShown ? null : <th>Временный пароль</th>}
              </tr>
            </thead>
            <tbody>
              {staged.created.map((c) => (
                <tr key={c.login}>
                  <td>{c.name}</td>
                  <td>{c.login}</td>
                  {staged.passwordsShown ? null : (
                    <td>
                      <code>{c.password}</code>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </TableBox>
        </>
      ) : null}
    </>
  );
}

function Preview({ importId, rows, problems, lastResult }: { importId: string; rows: ImportRow[]; problems: ImportProblem[]; lastResult: Reply }) {
  if (problems.length) {
    return <FileProblems problems={problems} nothingDone="никто не создан" />;
  }
  return (
    <>
      <p className="notice">Ошибок нет. Будут созданы учётные записи: {rows.length}.</p>
      <TableBox label="Учётные записи из файла">
        <thead>
          <tr>
            <th className="num">Строка</th>
            <th>ФИО</th>
            <th>Логин</th>
            <th>Роли</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.row}>
              <td className="num">{r.row}</td>
              <td>{[r.lastName, r.firstName, r.middleName].filter(Boolean).join(" ")}</td>
              <td>{r.login}</td>
              <td>{r.roles.map((x) => ROLE_LABELS[x]).join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </TableBox>
      <ApplyForm importId={importId} count={rows.length} lastResult={lastResult} />
    </>
  );
}
