import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { applyUserImport, checkUserTable, type ImportProblem, type ImportRow } from "~/admin/user-import.server";
import { IMPORT_COLUMNS } from "~models/vocabulary/user-import-columns";
import { audit } from "~/auth/audit.server";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { FileProblems } from "~/components/file-problems";
import { ROLES, ROLE_LABELS } from "~models/vocabulary/roles";
import { readTable, TableFileError } from "~/files/table-file.server";
import { readUpload } from "~/files/upload.server";

export const access: RouteAccess = "manage:users";
export const meta: MetaFunction = () => [{ title: "Загрузка пользователей — Реестр достижений" }];

const MAX_FILE_BYTES = 2 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage:users");
  return null;
}

type Result =
  | { step: "error"; message: string }
  | { step: "preview"; rows: ImportRow[]; problems: ImportProblem[] }
  | { step: "done"; created: { login: string; name: string; password: string }[] };

// What comes back from the preview to be applied; checked again in full before anything is written.
const ApplySchema = z.array(
  z.object({ row: z.number(), lastName: z.string(), firstName: z.string(), middleName: z.string(), login: z.string(), roles: z.array(z.enum(ROLES)) }),
).min(1).max(5_000);

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireUserWithPermission(request, "manage:users");
  const schoolId = schoolOf(admin);
  const upload = readUpload(context);
  if (!upload || upload.error) {
    return Response.json({ step: "error", message: upload?.error ?? "Отправьте форму с файлом." } satisfies Result, { status: 400 });
  }
  const formData = upload.fields;

  if (formData.get("intent") === "apply") {
    let rows: ImportRow[];
    try {
      rows = ApplySchema.parse(JSON.parse(String(formData.get("rows") ?? "")));
    } catch {
      return Response.json({ step: "error", message: "Данные предпросмотра повреждены: загрузите файл заново." } satisfies Result, { status: 400 });
    }
    // Same rules as the preview, against the database as it is now.
    const recheck = await checkUserTable({
      headers: Object.values(IMPORT_COLUMNS),
      rows: rows.map((r) => ({ row: r.row, cells: [r.lastName, r.firstName, r.middleName, r.login, r.roles.join(",")] })),
    });
    if (recheck.problems.length) return Response.json({ step: "preview", ...recheck } satisfies Result, { status: 400 });
    let created;
    try {
      created = await applyUserImport(schoolId, recheck.rows);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      return Response.json({ step: "error", message: "Пока шла загрузка, один из логинов успели занять; никто не создан. Проверьте файл заново." } satisfies Result, { status: 409 });
    }
    await audit(request, admin, { action: "create", entity: "user", summary: `загружен список пользователей: ${created.length}`, after: { logins: created.map((c) => c.login) } });
    return { step: "done", created } satisfies Result;
  }

  const file = upload.files.find((f) => f.field === "file");
  if (!file || file.bytes.length === 0) return Response.json({ step: "error", message: "Выберите непустой файл XLSX или CSV." } satisfies Result, { status: 400 });
  if (file.bytes.length > MAX_FILE_BYTES) return Response.json({ step: "error", message: "Файл больше 2 МБ: разделите список на части." } satisfies Result, { status: 413 });
  try {
    const table = await readTable(new Uint8Array(file.bytes));
    return { step: "preview", ...(await checkUserTable(table)) } satisfies Result;
  } catch (error) {
    if (error instanceof TableFileError) return Response.json({ step: "error", message: error.message } satisfies Result, { status: 400 });
    throw error;
  }
}

export default function ImportUsers() {
  const result = useActionData<Result>();
  const busy = useNavigation().state !== "idle";
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
        <Form method="post" encType="multipart/form-data" className="toolbar">
          <label>
            Файл (до 2 МБ)
            <input type="file" name="file" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
          </label>
          <button type="submit" disabled={busy}>
            {busy ? "Проверка…" : "Проверить"}
          </button>
        </Form>
      </div>
      {result?.step === "error" ? <p className="alert">{result.message}</p> : null}
      {result?.step === "preview" ? <Preview rows={result.rows} problems={result.problems} /> : null}
      {result?.step === "done" ? (
        <>
          <p className="notice">Создано учётных записей: {result.created.length}. Временные пароли показаны один раз — распечатайте эту страницу.</p>
          <table className="data">
            <thead>
              <tr>
                <th>ФИО</th>
                <th>Логин</th>
                <th>Временный пароль</th>
              </tr>
            </thead>
            <tbody>
              {result.created.map((c) => (
                <tr key={c.login}>
                  <td>{c.name}</td>
                  <td>{c.login}</td>
                  <td>
                    <code>{c.password}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </>
  );
}

function Preview({ rows, problems }: { rows: ImportRow[]; problems: ImportProblem[] }) {
  if (problems.length) {
    return (
      <FileProblems problems={problems} nothingDone="никто не создан" />
    );
  }
  return (
    <>
      <p className="notice">Ошибок нет. Будут созданы учётные записи: {rows.length}.</p>
      <table className="data">
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
      </table>
      <Form method="post" encType="multipart/form-data" style={{ marginTop: "1rem" }}>
        <input type="hidden" name="intent" value="apply" />
        <input type="hidden" name="rows" value={JSON.stringify(rows)} />
        <button type="submit">Создать {rows.length} учётных записей</button>
      </Form>
    </>
  );
}
