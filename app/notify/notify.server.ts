// Notifications: what changed for a person, in the app (the bell) and, when the school has an SMTP
// server (SMTP_URL, SMTP_FROM) and the person left mail on, by e-mail. A notice names a child by
// first name only: an e-mail carries nothing more than that and a link.
import nodemailer, { type Transporter } from "nodemailer";
import type { Types } from "mongoose";
import { readEnv } from "~/env.server";
import { inBackground } from "~/jobs/background.server";
import { endLetter, insertNotifications, retryLetterAt, takeDueLetter, type NotificationKind } from "~models/notification.server";
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
    // A letter is taken for TAKEN_FOR_MS: a mail server that does not answer is given up well before.
    transport = env.SMTP_URL ? nodemailer.createTransport({ url: env.SMTP_URL, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 }) : null;
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

/** Where letters go out from: the school's mail server and the site's address, or null when it has not set both. */
export interface LetterPost {
  transport: Pick<Transporter, "sendMail">;
  /** The site's address as the school set it: a letter never links to one taken from a request's Host. */
  origin: string;
  from: string;
  now: () => Date;
}

function schoolPost(): LetterPost | null {
  const transport = mailer();
  const origin = readEnv().PUBLIC_URL?.replace(/\/+$/, "");
  if (!transport || !origin) return null;
  return { transport, origin, from: readEnv().SMTP_FROM ?? "Реестр достижений <no-reply@localhost>", now: () => new Date() };
}

/**
 * Tells these people: a line in the app for each, and for those with mail on a letter to send —
 * both written before the answer, like any save. The letters go after it; one that fails is tried
 * again later and never fails the action that caused it.
 */
export async function notify(schoolId: Types.ObjectId, userIds: (Types.ObjectId | string)[], notice: Notice, except?: Types.ObjectId | string) {
  const ids = [...new Set(userIds.map(String))].filter((id) => id !== String(except ?? ""));
  if (ids.length === 0) return;
  const recipients = await listRecipients(ids);
  const now = new Date();
  const letters = schoolPost() !== null;
  await insertNotifications(
    recipients.map((r) => ({
      schoolId, userId: r._id, kind: notice.kind, text: notice.text, link: notice.link, createdAt: now,
      ...(letters && r.email && r.emailNotifications !== false ? { letter: { firstName: notice.firstName, dueAt: now } } : {}),
    })),
  );
  if (letters) sendLettersSoon();
}

/** How many times a letter is tried, and how long after each failed try the next one comes: about a day in all. */
const RETRY_AFTER_MINUTES = [1, 5, 15, 60, 180, 360, 720];
export const LETTER_TRIES = RETRY_AFTER_MINUTES.length + 1;
/** A letter being sent is taken for this long: if its process stops, it is due again after. */
const TAKEN_FOR_MS = 5 * 60_000;

/**
 * Sends every letter due now, one after another, to the address its person has now (none if they
 * turned letters off meanwhile); one the mail server does not take is due again later, and given
 * up after LETTER_TRIES tries. Several processes may do this at once: each letter is taken by one,
 * and what a taking writes after the sending holds only if no other process took it over since.
 * How many were sent. `keepGoing` is asked before each letter (a server stopping says no).
 */
export async function sendDueLetters(post: LetterPost | null = schoolPost(), keepGoing = () => true) {
  if (!post) return 0;
  let sent = 0;
  while (keepGoing()) {
    const now = post.now();
    const due = await takeDueLetter({ now, takenUntil: new Date(now.getTime() + TAKEN_FOR_MS) });
    if (!due) return sent;
    // Its earlier tries all ended without an answer (the process stopped while sending): given up too.
    if (due.letter.tries > LETTER_TRIES) {
      await endLetter(due, { failedAt: now });
      continue;
    }
    const [recipient] = await listRecipients([due.userId]);
    if (!recipient?.email || recipient.emailNotifications === false) {
      await endLetter(due, {});
      continue;
    }
    try {
      await post.transport.sendMail({ from: post.from, to: recipient.email, ...letterOf({ ...due, firstName: due.letter.firstName }, post.origin) });
      await endLetter(due, { sentAt: post.now() });
      sent++;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const retryAfter = RETRY_AFTER_MINUTES[due.letter.tries - 1];
      const failed = post.now();
      if (retryAfter === undefined) {
        await endLetter(due, { failedAt: failed });
        console.error(`Письмо-уведомление (${due.kind}) не отправлено и больше не пробуется (попыток: ${due.letter.tries}): ${reason}`);
      } else {
        await retryLetterAt(due, new Date(failed.getTime() + retryAfter * 60_000));
        console.error(`Письмо-уведомление (${due.kind}) не отправлено, новая попытка через ${retryAfter} мин: ${reason}`);
      }
    }
  }
  return sent;
}

// One sending at a time in a process; a call while it runs makes it go round once more.
let sending: Promise<void> | null = null;
let wanted = false;
let stopped = false;
function sendLettersSoon() {
  wanted = true;
  if (sending || stopped) return;
  const round = async () => {
    try {
      while (wanted && !stopped) {
        wanted = false;
        await sendDueLetters(undefined, () => !stopped);
      }
    } finally {
      sending = null;
    }
  };
  const run = round();
  sending = run.catch(() => undefined);
  inBackground("Отправка писем-уведомлений прервана", () => run, async () => undefined);
}

/**
 * Every server sends the letters due once a minute — those tried again, and those a stopped
 * process left — starting now. Returns its stop, which waits (up to 10 s) for a letter being sent
 * to be marked sent, so that a restart does not send it again.
 */
export function watchLetters(): () => Promise<void> {
  if (!schoolPost()) return async () => undefined;
  stopped = false;
  sendLettersSoon();
  const timer = setInterval(sendLettersSoon, 60_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    stopped = true;
    if (sending) await Promise.race([sending, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  };
}
