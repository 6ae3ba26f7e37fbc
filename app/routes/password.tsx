import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { audit } from "~/auth/audit.server";
import { requireUserWithPermission } from "~/auth/access.server";
import { ChangePasswordSchema, PASSWORD_RULE } from "~/auth/login-form";
import { attemptFailed, attemptSucceeded, beginAttempt } from "~/auth/login-throttle.server";
import { clientIp } from "~/auth/audit.server";
import { startPage, type RouteAccess } from "~/auth/permissions";
import { browserName } from "~/auth/browser-name";
import { createUserSession, getSignedIn } from "~/auth/session.server";
import { formatDateTime } from "~/domain/format";
import { endUserSession, endUserSessions, listUserSessions, sessionRef } from "~models/session.server";
import { parseForm } from "~/forms";
import { getUserById, setPassword, verifyLogin } from "~models/user.server";
import { readForm } from "~/http/read-form.server";

export const access: RouteAccess = "change:own-password";
export const meta: MetaFunction = () => [{ title: "Смена пароля — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "change:own-password");
  const current = (await getSignedIn(request))!.session;
  const sessions = (await listUserSessions(user._id)).map((row) => ({
    ref: sessionRef(row),
    current: row._id === current._id,
    browser: browserName(row.userAgent),
    ip: row.ip,
    since: formatDateTime(row.createdAt),
    lastSeen: formatDateTime(row.lastSeenAt),
  }));
  return { mustChange: user.mustChangePassword, sessions };
}

/** «Завершить» one of the user's other sessions, or all of them but this one. */
async function endSessions(request: Request, user: Awaited<ReturnType<typeof requireUserWithPermission>>, form: FormData) {
  const signedIn = (await getSignedIn(request))!;
  const ended =
    form.get("intent") === "end-others"
      ? await endUserSessions(user._id, signedIn.token)
      : await endUserSession(user._id, String(form.get("session") ?? ""));
  await audit(request, user, { action: "logout", entity: "user", entityId: String(user._id), summary: `завершены другие сеансы: ${ended}` });
  return { sessionsEnded: ended };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "change:own-password");
  const fields = await readForm(request, context);
  if (fields.get("intent") === "end-others" || fields.get("intent") === "end-session") return endSessions(request, user, fields);
  const form = parseForm(ChangePasswordSchema, fields);
  if (!form.ok) return Response.json({ errors: form.errors }, { status: 400 });
  // Guessing the current password from a stolen session is throttled like signing in.
  const attempt = await beginAttempt(user.login, clientIp(request));
  if (attempt.refused) return Response.json({ errors: { current: attempt.refused } }, { status: 429 });
  if (!(await verifyLogin(user.login, form.data.current))) {
    const locked = await attemptFailed(user.login, clientIp(request), attempt.failures);
    await audit(request, user, { action: "login-failed", entity: "user", entityId: String(user._id), summary: "неверный текущий пароль при смене пароля" });
    return Response.json({ errors: { current: locked ?? "Текущий пароль введён неверно" } }, { status: locked ? 429 : 400 });
  }
  await attemptSucceeded(user.login);
  await setPassword(user._id, form.data.next, false);
  await audit(request, user, { action: "update", entity: "user", entityId: String(user._id), summary: "сменил(а) свой пароль" });
  const updated = await getUserById(String(user._id));
  // Every session of the user ended with the change; this browser gets a new one.
  return createUserSession(request, updated!, startPage(user.roles));
}

export default function ChangePassword() {
  const { mustChange, sessions } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors?: Record<string, string>; sessionsEnded?: number }>();
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
      <h2>Где вы вошли</h2>
      {result?.sessionsEnded !== undefined ? <p className="notice" role="status">Завершено сеансов: {result.sessionsEnded}.</p> : null}
      <ul className="stack session-list">
        {sessions.map((s) => (
          <li key={s.ref}>
            <strong>{s.browser}</strong>
            {s.current ? " — этот браузер" : null}
            <br />
            <span className="muted">
              вход {s.since}, последнее действие {s.lastSeen}, адрес {s.ip || "неизвестен"}
            </span>
            {s.current ? null : (
              <Form method="post">
                <input type="hidden" name="intent" value="end-session" />
                <input type="hidden" name="session" value={s.ref} />
                <button type="submit" className="link-button">
                  Завершить
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      {sessions.length > 1 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="end-others" />
          <button type="submit">Завершить все другие сеансы</button>
        </Form>
      ) : null}
    </section>
  );
}
