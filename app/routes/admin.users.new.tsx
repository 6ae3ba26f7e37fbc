import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { createUser } from "~/admin/users.server";
import { NewUserSchema } from "~/admin/user-form";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { PASSWORD_RULE } from "~/auth/forms";
import type { RouteAccess } from "~/auth/permissions";
import { UserFields } from "~/components/user-fields";
import { parseForm } from "~/forms";
import { readForm } from "~/http/read-form.server";
import { Refusal } from "~/http/refusals";

export const access: RouteAccess = "manage:users";
export const meta: MetaFunction = () => [{ title: "Новый пользователь — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage:users");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireUserWithPermission(request, "manage:users");
  const formData = await readForm(request, context);
  const form = parseForm(NewUserSchema, formData);
  const values = Object.fromEntries([...formData.entries()].filter(([k]) => k !== "password" && k !== "roles"));
  const echo = { ...values, roles: formData.getAll("roles").map(String) };
  if (!form.ok) return Response.json({ errors: form.errors, values: echo }, { status: 400 });
  try {
    const created = await createUser(schoolOf(admin), { ...form.data, mustChangePassword: true }, { request, user: admin });
    throw redirect(`/admin/users/${created._id}?created=1`);
  } catch (error) {
    if (error instanceof Refusal) return Response.json({ errors: { [error.field ?? "form"]: error.message }, values: echo }, { status: error.status });
    throw error;
  }
}

export default function NewUser() {
  const result = useActionData<{ errors: Record<string, string>; values: Record<string, string | string[]> }>();
  const values = (result?.values ?? {}) as { login?: string; lastName?: string; firstName?: string; middleName?: string; roles?: string[] };
  return (
    <section className="card">
      <h1>Новый пользователь</h1>
      <Form method="post" className="stack" noValidate>
        <UserFields values={values} errors={result?.errors} />
        <label>
          Логин
          <input name="login" defaultValue={values.login} required maxLength={40} autoComplete="off" />
          {result?.errors?.login ? <span className="field-error">{result.errors.login}</span> : null}
        </label>
        <label>
          Начальный пароль (пользователь сменит его при первом входе)
          <input name="password" type="password" required minLength={PASSWORD_RULE.min} autoComplete="new-password" />
          {result?.errors?.password ? <span className="field-error">{result.errors.password}</span> : null}
        </label>
        {result?.errors?.form ? <p className="alert">{result.errors.form}</p> : null}
        <div className="toolbar">
          <button type="submit">Создать</button>
          <Link to="/admin/users">Отмена</Link>
        </div>
      </Form>
    </section>
  );
}
