// Notifications: what changed for a person, in the app (the bell) and, when the school has an SMTP
// server (SMTP_URL, SMTP_FROM) and the person left mail on, by e-mail. A notice names a child by
// first name only: an e-mail carries nothing more than that and a link.
import nodemailer, { type Transporter } from "nodemailer";
import type { Types } from "mongoose";
import { readEnv } from "~/env.server";
import { insertNotifications, type NotificationKind } from "~models/notification.server";
import { listRecipients } from "~models/user.server";

export interface Notice {
  kind: NotificationKind;
  /** One sentence for the app; a child by first name only. It may hold a reason or a title typed by someone. */
  text: string;
  /** The page to open («/family/…/extracts»). */
  link: string;
  /** The child the notice is about, by first name: the only name a letter carries. */
  firstName: string;
}

/** A letter says what happened in fixed words, never the typed reason or title (they could name someone). */
const LETTER_TEXT: Record<NotificationKind, (firstName: string) => string> = {
  "extract-issued": (n) => `Выписка из портфолио (${n}) готова: её можно скачать.`,
  "extract-refused": (n) => `В выписке из портфолио (${n}) отказано; причина — в реестре.`,
  "achievement-verified": (n) => `Подтверждено достижение (${n}).`,
  "achievement-refused": (n) => `Достижение (${n}) отклонено; причина — в реестре.`,
  "proposal-received": (n) => `Семья предложила достижение (${n}) для проверки.`,
  "credit-decided": (n) => `Принято решение о зачёте результатов (${n}).`,
  "credit-received": (n) => `Новое заявление о зачёте результатов (${n}).`,
};

let transport: Transporter | null | undefined;
/** The school's mail server, once; null when it has none. */
function mailer(): Transporter | null {
  if (transport === undefined) {
    const env = readEnv();
    transport = env.SMTP_URL ? nodemailer.createTransport(env.SMTP_URL) : null;
  }
  return transport;
}

/** The letter of a notice: no greeting by name, no surname, the child's first name at most, and the link. */
export function letterOf(notice: Notice, origin: string) {
  const text = LETTER_TEXT[notice.kind](notice.firstName);
  return {
    subject: `Реестр достижений: ${text}`,
    text: [
      "Здравствуйте!",
      "",
      text,
      "",
      `Подробнее: ${origin}${notice.link}`,
      "",
      `Письма можно отключить на странице уведомлений: ${origin}/notifications`,
      "Это письмо отправлено автоматически, отвечать на него не нужно.",
    ].join("\n"),
  };
}

/**
 * Tells these people: a line in the app for each (written before the answer, like any save), and a
 * letter for those with mail on, sent after it; a letter that fails is logged and never fails the
 * action that caused it.
 */
export async function notify(schoolId: Types.ObjectId, userIds: (Types.ObjectId | string)[], notice: Notice, except?: Types.ObjectId | string) {
  const ids = [...new Set(userIds.map(String))].filter((id) => id !== String(except ?? ""));
  if (ids.length === 0) return;
  const recipients = await listRecipients(ids);
  const now = new Date();
  await insertNotifications(recipients.map((r) => ({ schoolId, userId: r._id, kind: notice.kind, text: notice.text, link: notice.link, createdAt: now })));
  const mail = mailer();
  // A letter's link is the site's address as the school set it, never one taken from a request's Host.
  const origin = readEnv().PUBLIC_URL?.replace(/\/+$/, "");
  if (!mail || !origin) return;
  const from = readEnv().SMTP_FROM ?? "Реестр достижений <no-reply@localhost>";
  const letter = letterOf(notice, origin);
  for (const r of recipients.filter((r) => r.email && r.emailNotifications !== false)) {
    mail.sendMail({ from, to: r.email, ...letter }).catch((error: unknown) => console.error(`Письмо-уведомление не отправлено (${notice.kind}): ${error instanceof Error ? error.message : String(error)}`));
  }
}
