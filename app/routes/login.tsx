import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { audit, clientIp } from "~/auth/audit.server";
import { LoginSchema } from "~/auth/forms";
import { attemptFailed, attemptSucceeded, beginAttempt } from "~/auth/login-throttle.server";
import { startPage, type RouteAccess } from "~/auth/permissions";
import { createUserSession, getSessionUser, safeRedirect } from "~/auth/session.server";
import { Field, FormErrors } from "~/components/field";
import { recordLogin, verifyLogin } from "~models/user.server";
import { readForm } from "~/http/read-form.server";
import { useSchemaForm } from "~/components/use-schema-form";

export const access: RouteAccess = "public";
export const meta: MetaFunction = () => [{ title: "Вход — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (user) throw redirect(startPage(user.roles));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request, context), { schema: LoginSchema });
  // The password never comes back to the page.
  const refuse = (status: number, message?: string) => data(submission.reply({ hideFields: ["password"], ...(message ? { formErrors: [message] } : {}) }), { status });
  if (submission.status !== "success") return refuse(400);
  const { login, password, redirectTo } = submission.value;
  const ip = clientIp(request);

  const attempt = await beginAttempt(login, ip);
  if (attempt.refused) return refuse(429, attempt.refused);

  const user = await verifyLogin(login, password);
  if (!user || !user.active) {
    const nowLocked = await attemptFailed(login, ip, attempt.failures);
    await audit(request, null, { schoolId: user?.schoolId ?? null, action: "login-failed", entity: "user", entityId: login.slice(0, 40), summary: user ? "учётная запись отключена" : "неверный логин или пароль" });
    return refuse(nowLocked ? 429 : 400, nowLocked ?? (user ? "Учётная запись отключена. Обратитесь к администратору школы." : "Неверный логин или пароль."));
  }
  await attemptSucceeded(login);
  await recordLogin(user._id);
  await audit(request, user, { action: "login", entity: "user", entityId: String(user._id) });
  const target = user.mustChangePassword ? "/password" : safeRedirect(redirectTo, startPage(user.roles));
  return createUserSession(request, user, target);
}

export default function Login() {
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useSchemaForm(LoginSchema, {
    lastResult: useActionData<typeof action>(),
  });
  return (
    <section className="card" style={{ maxWidth: "26rem" }}>
      <h1>Вход</h1>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field label="Логин" meta={fields.login} autoComplete="username" />
        <Field label="Пароль" meta={fields.password} type="password" autoComplete="current-password" />
        <FormErrors form={form} />
        <button type="submit" disabled={busy}>
          {busy ? "Вход…" : "Войти"}
        </button>
      </Form>
    </section>
  );
}
