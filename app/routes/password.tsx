import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { audit } from "~/auth/audit.server";
import { requireUserWithPermission } from "~/auth/access.server";
import { ChangePasswordSchema, EndSessionsSchema, PASSWORD_RULE } from "~/auth/forms";
import { attemptFailed, attemptSucceeded, beginAttempt } from "~/auth/login-throttle.server";
import { clientIp } from "~/auth/audit.server";
import { startPage, type RouteAccess } from "~/auth/permissions";
import { browserName } from "~/auth/browser-name";
import { createUserSession, getSignedIn } from "~/auth/session.server";
import { formatDateTime } from "~/domain/format";
import { endUserSession, endUserSessions, listUserSessions, sessionRef } from "~models/session.server";
import { Field, FormErrors, ReplyErrors } from "~/components/field";
import { replyFor } from "~/forms";
import { redirectWithNotice } from "~/http/notice.server";
import { getUserById, setPassword, verifyLogin } from "~models/user.server";
import { readForm } from "~/http/read-form.server";
import { useSchemaForm } from "~/components/use-schema-form";

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

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "change:own-password");
  const formData = await readForm(request, context);
  const intent = formData.get("intent");
  if (intent === "end-session" || intent === "end-others") {
    // «Завершить» one of the user's other sessions, or all of them but this one.
    const submission = parseWithZod(formData, { schema: EndSessionsSchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const signedIn = (await getSignedIn(request))!;
    const ended = submission.value.intent === "end-others" ? await endUserSessions(user._id, signedIn.token) : await endUserSession(user._id, submission.value.session);
    await audit(request, user, { action: "logout", entity: "user", entityId: String(user._id), summary: `завершены другие сеансы: ${ended}` });
    return redirectWithNotice("/password", `Завершено сеансов: ${ended}.`);
  }
  const submission = parseWithZod(formData, { schema: ChangePasswordSchema });
  const refuse = (status: number, message?: string) =>
    data(submission.reply({ hideFields: ["current", "next", "repeat"], ...(message ? { fieldErrors: { current: [message] } } : {}) }), { status });
  if (submission.status !== "success") return refuse(400);
  // Guessing the current password from a stolen session is throttled like signing in.
  const attempt = await beginAttempt(user.login, clientIp(request));
  if (attempt.refused) return refuse(429, attempt.refused);
  if (!(await verifyLogin(user.login, submission.value.current))) {
    const locked = await attemptFailed(user.login, clientIp(request), attempt.failures);
    await audit(request, user, { action: "login-failed", entity: "user", entityId: String(user._id), summary: "неверный текущий пароль при смене пароля" });
    return refuse(locked ? 429 : 400, locked ?? "Текущий пароль введён неверно");
  }
  await attemptSucceeded(user.login);
  await setPassword(user._id, submission.value.next, false);
  await audit(request, user, { action: "update", entity: "user", entityId: String(user._id), summary: "сменил(а) свой пароль" });
  const updated = await getUserById(String(user._id));
  // Every session of the user ended with the change; this browser gets a new one.
  return createUserSession(request, updated!, startPage(user.roles));
}

export default function ChangePassword() {
  const { mustChange, sessions } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(ChangePasswordSchema, {
    lastResult: replyFor(lastResult, "change"),
  });
  return (
    <section className="card" style={{ maxWidth: "28rem" }}>
      <h1>Смена пароля</h1>
      {mustChange ? <p className="alert">Пароль выдан администратором: задайте свой, чтобы продолжить работу.</p> : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="change" />
        <Field label="Текущий пароль" meta={fields.current} type="password" autoComplete="current-password" />
        <Field label={`Новый пароль (не короче ${PASSWORD_RULE.min} символов)`} meta={fields.next} type="password" autoComplete="new-password" />
        <Field label="Новый пароль ещё раз" meta={fields.repeat} type="password" autoComplete="new-password" />
        <FormErrors form={form} />
        <button type="submit" data-main-action>
          Сменить пароль
        </button>
      </Form>
      <h2>Где вы вошли</h2>
      <ReplyErrors id="session-errors" result={replyFor(lastResult, "end-session") ?? replyFor(lastResult, "end-others")} />
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
