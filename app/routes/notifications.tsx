import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { NotificationMailSchema } from "~/admin/forms";
import { requireUserWithPermission } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { EmptyState } from "~/components/empty-state";
import { ErrorList, FormErrors } from "~/components/field";
import { PageHeader } from "~/components/page-header";
import { useSchemaForm } from "~/components/use-schema-form";
import { formatDateTime } from "~/domain/format";
import { readEnv } from "~/env.server";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { listNotifications, markAllRead } from "~models/notification.server";
import { forgetHeaderOf } from "~/home/header.server";
import { setNotificationMail } from "~models/user.server";

export const access: RouteAccess = "read:notifications";
export const meta: MetaFunction = () => [{ title: "Уведомления — Реестр достижений" }];

/** One's notifications, newest first; opening the page marks them read (the new ones stay marked on it). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:notifications");
  const items = await listNotifications(user._id);
  await markAllRead(user._id, new Date());
  forgetHeaderOf(user);
  return {
    items: items.map((n) => ({ id: String(n._id), text: n.text, link: n.link, at: n.createdAt, unread: !n.readAt })),
    mail: { email: user.email ?? "", on: user.emailNotifications !== false, server: Boolean(readEnv().SMTP_URL) },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:notifications");
  const submission = parseWithZod(await readForm(request, context), { schema: NotificationMailSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const email = submission.value.email ?? "";
  const on = submission.value.on ?? false;
  await setNotificationMail(user._id, { email, on });
  await audit(request, user, { action: "update", entity: "user", entityId: String(user._id), summary: "почта для уведомлений", before: { почта: user.email ?? "", письма: user.emailNotifications !== false }, after: { почта: email, письма: on } });
  return redirectWithNotice("/notifications", on && email ? `Сохранено: уведомления будут приходить и на ${email}.` : "Сохранено: уведомления — только здесь, письма не приходят.");
}

export default function Notifications() {
  const { items, mail } = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm(NotificationMailSchema, {
    intent: "mail",
    lastResult: useActionData<typeof action>(),
    defaultValue: { intent: "mail", email: mail.email, on: mail.on ? "on" : undefined },
  });
  return (
    <>
      <PageHeader title="Уведомления" />
      {items.length === 0 ? (
        <EmptyState title="Уведомлений пока нет.">Здесь появится, когда выдадут выписку, подтвердят или отклонят достижение, примут решение о зачёте.</EmptyState>
      ) : (
        <ul className="notification-list">
          {items.map((n) => (
            <li key={n.id} className={n.unread ? "card notification notification--new" : "card notification"}>
              {n.unread ? <span className="badge status-submitted">новое</span> : null}
              <Link to={n.link}>{n.text}</Link>
              <span className="muted">{formatDateTime(n.at)}</span>
            </li>
          ))}
        </ul>
      )}
      <h2>Письма на почту</h2>
      {mail.server ? null : <p className="muted">Школа пока не подключила почтовый сервер: уведомления видны только здесь.</p>}
      <Form method="post" className="stack card" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="mail" />
        <label>
          Адрес почты
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="email" />
          <ErrorList id={fields.email.errorId} errors={fields.email.errors} />
        </label>
        <label className="check">
          <input {...getInputProps(fields.on, { type: "checkbox" })} /> Присылать уведомления и на почту (в письме — только имя ребёнка и ссылка)
        </label>
        <FormErrors form={form} />
        <button type="submit" data-main-action>
          Сохранить
        </button>
      </Form>
    </>
  );
}
