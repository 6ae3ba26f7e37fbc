import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { LOGIN_MAX, NewUserSchema } from "~/admin/forms";
import { createUser } from "~/admin/users.server";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { PASSWORD_RULE } from "~/auth/forms";
import type { RouteAccess } from "~/auth/permissions";
import { Field, FormErrors } from "~/components/field";
import { UserFields } from "~/components/user-fields";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { useSchemaForm } from "~/components/use-schema-form";

export const access: RouteAccess = "manage:users";
export const meta: MetaFunction = () => [{ title: "Новый пользователь — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage:users");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireUserWithPermission(request, "manage:users");
  const submission = parseWithZod(await readForm(request, context), { schema: NewUserSchema });
  // The password never comes back to the page.
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  let created;
  try {
    created = await createUser(schoolOf(admin), { ...submission.value, mustChangePassword: true }, { request, user: admin });
  } catch (error) {
    return replyRefused({ reply: (options) => submission.reply({ ...options, hideFields: ["password"] }) }, error);
  }
  return redirectWithNotice(`/admin/users/${created._id}`, "Учётная запись создана. При первом входе пользователь сменит пароль.");
}

export default function NewUser() {
  const [form, fields] = useSchemaForm(NewUserSchema, {
    lastResult: useActionData<typeof action>(),
  });
  return (
    <section className="card">
      <h1>Новый пользователь</h1>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <UserFields fields={fields} />
        <Field label="Логин" meta={fields.login} maxLength={LOGIN_MAX} autoComplete="off" />
        <Field
          label="Начальный пароль (пользователь сменит его при первом входе)"
          meta={fields.password}
          type="password"
          minLength={PASSWORD_RULE.min}
          maxLength={PASSWORD_RULE.max}
          autoComplete="new-password"
        />
        <FormErrors form={form} />
        <div className="toolbar">
          <button type="submit">Создать</button>
          <Link to="/admin/users">Отмена</Link>
        </div>
      </Form>
    </section>
  );
}
