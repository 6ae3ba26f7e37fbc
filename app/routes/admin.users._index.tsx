import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { ROLES, ROLE_LABELS, type Role } from "~models/vocabulary/roles";
import { formatDateTime } from "~/domain/format";
import { fullName } from "~models/student.server";
import { listUsers } from "~models/user.server";
import { TableBox } from "~/components/table-box";

export const access: RouteAccess = "manage:users";
export const meta: MetaFunction = () => [{ title: "Пользователи — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireUserWithPermission(request, "manage:users");
  const url = new URL(request.url);
  const roleParam = url.searchParams.get("role") ?? "";
  const role = (ROLES as readonly string[]).includes(roleParam) ? (roleParam as Role) : undefined;
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 60);
  const users = await listUsers(schoolOf(admin), { role, q });
  return {
    role: role ?? "",
    q,
    users: users.map((u) => ({
      id: String(u._id),
      name: fullName(u),
      login: u.login,
      roles: u.roles.map((r) => ROLE_LABELS[r]).join(", "),
      active: u.active,
      lastLoginAt: u.lastLoginAt,
    })),
  };
}

export default function Users() {
  const { role, q, users } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Пользователи</h1>
      <div className="toolbar">
        <Link className="button" to="/admin/users/new">
          Добавить пользователя
        </Link>
        <Link className="button secondary" to="/admin/users/import">
          Загрузить список (XLSX, CSV)
        </Link>
      </div>
      <Form method="get" className="toolbar">
        <label>
          Роль
          <select name="role" defaultValue={role}>
            <option value="">все</option>
            {ROLES.filter((r) => r !== "municipal").map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          ФИО или логин
          <input name="q" defaultValue={q} />
        </label>
        <button type="submit">Показать</button>
      </Form>
      <TableBox label="Учётные записи">
        <thead>
          <tr>
            <th>ФИО</th>
            <th>Логин</th>
            <th>Роли</th>
            <th>Последний вход</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>
                <Link to={`/admin/users/${u.id}`}>{u.name}</Link> {u.active ? null : <span className="badge off">отключён</span>}
              </td>
              <td>{u.login}</td>
              <td>{u.roles}</td>
              <td>{formatDateTime(u.lastLoginAt)}</td>
            </tr>
          ))}
        </tbody>
      </TableBox>
    </>
  );
}
