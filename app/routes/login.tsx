import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { audit, clientIp } from "~/auth/audit.server";
import { LoginSchema } from "~/auth/login-form";
import { attemptFailed, attemptSucceeded, beginAttempt } from "~/auth/login-throttle.server";
import { startPage, type RouteAccess } from "~/auth/permissions";
import { createUserSession, getSessionUser, safeRedirect } from "~/auth/session.server";
import { parseForm } from "~/forms";
import { recordLogin, verifyLogin } from "~models/user.server";
import { readForm } from "~/http/read-form.server";

export const access: RouteAccess = "public";
export const meta: MetaFunction = () => [{ title: "Вход — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (user) throw redirect(startPage(user.roles));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = parseForm(LoginSchema, await readForm(request, context));
  if (!form.ok) return Response.json({ errors: form.errors, message: null }, { status: 400 });
  const { login, password, redirectTo } = form.data;
  const ip = clientIp(request);

  const attempt = await beginAttempt(login, ip);
  if (attempt.refused) return Response.json({ errors: {}, message: attempt.refused }, { status: 429 });

  const user = await verifyLogin(login, password);
  if (!user || !user.active) {
    const nowLocked = await attemptFailed(login, ip, attempt.failures);
    await audit(request, null, { schoolId: user?.schoolId ?? null, action: "login-failed", entity: "user", entityId: login.slice(0, 40), summary: user ? "учётная запись отключена" : "неверный логин или пароль" });
    const message = nowLocked ?? (user ? "Учётная запись отключена. Обратитесь к администратору школы." : "Неверный логин или пароль.");
    return Response.json({ errors: {}, message }, { status: nowLocked ? 429 : 400 });
  }
  await attemptSucceeded(login);
  await recordLogin(user._id);
  await audit(request, user, { action: "login", entity: "user", entityId: String(user._id) });
  const target = user.mustChangePassword ? "/password" : safeRedirect(redirectTo, startPage(user.roles));
  return createUserSession(request, user, target);
}

export default function Login() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <section className="card" style={{ maxWidth: "26rem" }}>
      <h1>Вход</h1>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <label>
          Логин
          <input name="login" autoComplete="username" required maxLength={40} aria-invalid={!!result?.errors?.login} />
          {result?.errors?.login ? <span className="field-error">{result.errors.login}</span> : null}
        </label>
        <label>
          Пароль
          <input name="password" type="password" autoComplete="current-password" required maxLength={200} aria-invalid={!!result?.errors?.password} />
          {result?.errors?.password ? <span className="field-error">{result.errors.password}</span> : null}
        </label>
        {result?.message ? (
          <p className="alert" role="alert">
            {result.message}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? "Вход…" : "Войти"}
        </button>
      </Form>
    </section>
  );
}
