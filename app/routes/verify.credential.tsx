import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import type { RouteAccess } from "~/auth/permissions";
import { credentialOrigin } from "~/credentials/issuer.server";
import { checkCredential, type CredentialVerdict } from "~/credentials/verify.server";
import { formatDate, formatDateTime, zoneLabel } from "~/domain/format";
import { CREDENTIAL_BYTES } from "~/files/multipart.server";
import { readForm, readUpload } from "~/http/read-form.server";
import { loadSchoolTimeZone } from "~/school-clock.server";

export const access: RouteAccess = "public";
export const meta: MetaFunction = () => [{ title: "Проверка цифрового бейджа — Реестр достижений" }, { name: "robots", content: "noindex" }];

/** A pasted credential or its file, checked; nothing is written. */
export async function action({ request, context }: ActionFunctionArgs) {
  const upload = readUpload(context);
  if (upload?.error) return data({ problem: upload.error }, { status: 400 });
  const fields = await readForm(request, context);
  const file = upload?.files.find((f) => f.field === "file" && f.bytes.length > 0);
  const pasted = fields.get("credential");
  const input = file ? file.bytes.toString("utf8") : typeof pasted === "string" ? pasted : "";
  if (!input.trim()) return data({ problem: "Вставьте текст бейджа или выберите его файл (.json или .jwt)." }, { status: 400 });
  if (Buffer.byteLength(input) > CREDENTIAL_BYTES) return data({ problem: "Текст больше 2 МБ: цифровые бейджи меньше." }, { status: 400 });
  await loadSchoolTimeZone();
  return { verdict: await checkCredential(input, credentialOrigin()) };
}

const HEADLINE: Record<CredentialVerdict["state"], string> = {
  valid: "Бейдж подлинный и действителен.",
  revoked: "Бейдж подлинный, но отозван школой: он больше не действителен.",
  altered: "Бейдж НЕ подтверждается.",
  foreign: "Этот бейдж выдан не этим реестром.",
  unreadable: "Это не читается как цифровой бейдж.",
};

export default function VerifyCredential() {
  const result = useActionData<typeof action>();
  const checking = useNavigation().state === "submitting";
  return (
    <>
      <h1>Проверка цифрового бейджа</h1>
      <p>
        Цифровые бейджи (Open Badges 3.0) и портфолио (CLR 2.0), выданные школой, проверяются здесь: подлинна ли подпись школы, не изменено ли в них ни одно
        поле и не отозвала ли их школа. Страница ничего не сохраняет.
      </p>
      <div className="card">
        <Form method="post" encType="multipart/form-data" className="stack">
          <label className="field">
            <span>Текст бейджа (JSON или JWT)</span>
            <textarea name="credential" rows={8} spellCheck={false} autoComplete="off" />
          </label>
          <label className="field">
            <span>или файл бейджа</span>
            <input type="file" name="file" accept=".json,.jwt,application/json,application/ld+json,application/jwt,text/plain" />
          </label>
          <button type="submit" disabled={checking} data-main-action>
            {checking ? "Проверяю…" : "Проверить"}
          </button>
        </Form>
      </div>
      {result && "problem" in result ? (
        <p role="alert" className="alert">
          {result.problem}
        </p>
      ) : null}
      {result && "verdict" in result ? <Verdict verdict={result.verdict} /> : null}
      <p className="muted">
        Бейдж можно проверить и любой программой, поддерживающей Open Badges 3.0: ключи школы опубликованы в её DID-документе (
        <code>/.well-known/did.json</code>
        ), список отзыва — по адресу из самого бейджа. Документ PDF проверяется <Link to="/verify">по коду</Link>.
      </p>
    </>
  );
}

function Verdict({ verdict }: { verdict: CredentialVerdict }) {
  const good = verdict.state === "valid";
  return (
    <div role="status" className={good ? "notice" : "alert"} data-testid="credential-verdict">
      <p>
        <strong>{HEADLINE[verdict.state]}</strong>
        {verdict.reason ? ` ${verdict.reason}` : ""}
      </p>
      {verdict.revokedAt ? <p>Отозван {formatDate(verdict.revokedAt)}.</p> : null}
      {verdict.state === "valid" || verdict.state === "revoked" ? (
        <dl className="facts">
          <dt>Документ</dt>
          <dd>
            {verdict.kind === "clr" ? "портфолио достижений (CLR 2.0)" : "цифровой бейдж достижения (Open Badges 3.0)"}
            {verdict.format ? `, ${verdict.format}` : ""}
          </dd>
          <dt>Выдан</dt>
          <dd>{verdict.school}</dd>
          {verdict.issuedAt ? (
            <>
              <dt>Дата и время выдачи</dt>
              <dd>
                {formatDateTime(verdict.issuedAt)} ({zoneLabel()})
              </dd>
            </>
          ) : null}
          <dt>{verdict.achievements.length === 1 ? "Достижение" : `Достижения (${verdict.achievements.length})`}</dt>
          <dd>
            <ul>
              {verdict.achievements.map((a, i) => (
                <li key={i}>
                  {a.name} <span className="muted">({formatDate(a.date)})</span>
                </li>
              ))}
            </ul>
          </dd>
        </dl>
      ) : null}
    </div>
  );
}
