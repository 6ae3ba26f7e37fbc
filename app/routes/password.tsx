import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { audit } from "~/auth/audit.server";
import { requireUserWithPermission } from "~/auth/access.server";
import { ChangePasswordSchema, PASSWORD_RULE } from "~/auth/login-form";
import { attemptFailed, attemptSucceeded, beginAttempt } from "~/auth/login-throttle.server";
import { clientIp } from "~/auth/audit.server";
import { startPage, type RouteAccess } from "~/auth/permissions";
import { refreshUserSession } from "~/auth/session.server";
import { parseForm } from "~/forms";
import { getUserById, setPassword, verifyLogin } from "~models/user.server";

export const access: RouteAccess = "change:own-password";
export const meta: MetaFunction = () => [{ title: "Смена пароля — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "change:own-password");
  return { mustChange: user.mustChangePassword };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "change:own-password");
  const form = parseForm(ChangePasswordSchema, await request.formData());
  if (!form.ok) return Response.json({ errors: form.errors }, { status: 400 });
  // Guessing the current password from a stolen session is throttled like signing in.
  const attempt = await beginAttempt(user.login, clientIp(request));
  if (attempt.refused) return Response.json({ errors: { current: attempt.refused } }, { status: 429 });
  if (!(await verifyLogin(user.login, form.data.current))) {
    const locked = await attemptFailed(user.login, attempt.failures);
    await audit(request, user, { action: "login-failed", entity: "user", entityId: String(user._id), summary: "неверный текущий пароль при смене пароля" });
    return Response.json({ errors: { current: locked ?? "Текущий пароль введён неверно" } }, { status: locked ? 429 : 400 });
  }
  await attemptSucceeded(user.login);
  await setPassword(user._id, form.data.next, false);
  await audit(request, user, { action: "update", entity: "user", entityId: String(user._id), summary: "сменил(а) свой пароль" });
  const updated = await getUserById(String(user._id));
  return refreshUserSession(request, updated!, startPage(user.roles));
}

export default function ChangePassword() {
  const { mustChange } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors: Record<string, string> }>();
  const error = (field: string) => (result?.errors?.[field] ? <span className="field-error">{result.errors[field]}</span> : null);
  return (
    <section className="card" style={{ maxWidth: "28rem" }}>
      <h1>Смена пароля</h1>
      {mustChange ? <p className="alert">Пароль выдан администратором: задайте свой, чтобы продолжить работу.</p> : null}
      <Form method="post" className="stack" noValidate>
        <label>
          Текущий пароль
          <input name="current" type="password" autoComplete="current-password" required />
          {error("current")}
        </label>
        <label>
          Новый пароль (не короче {PASSWORD_RULE.min} символов)
          <input name="next" type="password" autoComplete="new-password" required minLength={PASSWORD_RULE.min} maxLength={PASSWORD_RULE.max} />
          {error("next")}
        </label>
        <label>
          Новый пароль ещё раз
          <input name="repeat" type="password" autoComplete="new-password" required />
          {error("repeat")}
        </label>
        <button type="submit">Сменить пароль</button>
      </Form>
    </section>
  );
}
