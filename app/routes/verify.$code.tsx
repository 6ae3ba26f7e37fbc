import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { RouteAccess } from "~/auth/permissions";
import { normaliseCode } from "~/documents/codes.server";
import { checkIssuedFile, type FileVerdict } from "~/documents/verify-file.server";
import { formatDate, formatDateTime, zoneLabel } from "~/domain/format";
import { readUpload } from "~/http/read-form.server";
import { loadSchoolTimeZone } from "~/school-clock.server";
import { DOCUMENT_KINDS, findDocumentByCode } from "~models/document.server";
import { getSchool } from "~models/school.server";
import { findSigningCertificate } from "~models/signing-certificate.server";

export const access: RouteAccess = "public";
export const meta: MetaFunction = () => [{ title: "Проверка документа — Реестр достижений" }, { name: "robots", content: "noindex" }];

/**
 * Anyone holding a document can check it here. The page says only whether the school issued it,
 * when, for which school year, its SHA-256 and whether it was withdrawn: no name, no marks.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const code = normaliseCode(params.code ?? "");
  const [document] = await Promise.all([code ? findDocumentByCode(code) : null, loadSchoolTimeZone()]);
  const headers = { "Cache-Control": "no-store" };
  if (!document) return Response.json({ found: false as const, code: (params.code ?? "").slice(0, 20) }, { status: 404, headers });
  const [school, certificate] = await Promise.all([
    getSchool(document.schoolId),
    document.certificateSerial ? findSigningCertificate({ schoolId: document.schoolId, serial: document.certificateSerial }) : null,
  ]);
  return Response.json(
    {
      found: true as const,
      code: document.code,
      kind: DOCUMENT_KINDS[document.kind as keyof typeof DOCUMENT_KINDS],
      school: school?.name ?? "",
      issuedAt: document.issuedAt,
      schoolYear: document.schoolYear,
      sha256: document.sha256,
      size: document.size,
      withdrawnAt: document.withdrawnAt,
      credential: document.credential != null,
      certificate: certificate && {
        serial: certificate.serial,
        owner: certificate.owner,
        organisation: certificate.organisation,
        validFrom: certificate.validFrom,
        validTo: certificate.validTo,
      },
    },
    { headers }
  );
}

/** A file someone holds, checked against the issue: the same bytes, and a signature that holds. */
export async function action({ params, context }: ActionFunctionArgs) {
  const code = normaliseCode(params.code ?? "");
  const document = code ? await findDocumentByCode(code) : null;
  if (!document) return data({ problem: "Документ с таким кодом не найден." }, { status: 404 });
  await loadSchoolTimeZone();
  const upload = readUpload(context);
  if (upload?.error) return data({ problem: upload.error }, { status: 400 });
  const file = upload?.files.find((f) => f.field === "file");
  if (!file || file.bytes.length === 0) return data({ problem: "Выберите файл PDF, который нужно проверить." }, { status: 400 });
  return { verdict: await checkIssuedFile(document, file.bytes) };
}

interface Certificate {
  serial: string;
  owner: string;
  organisation: string;
  validFrom: string;
  validTo: string;
}

type Data =
  | { found: false; code: string }
  | {
      found: true;
      code: string;
      kind: string;
      school: string;
      issuedAt: string;
      schoolYear: string;
      sha256: string;
      size: number;
      withdrawnAt: string | null;
      /** A verifiable credential (checked on its own page), not a PDF. */
      credential: boolean;
      certificate: Certificate | null;
    };

const owner = (c: Pick<Certificate, "owner" | "organisation">) => (c.organisation && c.organisation !== c.owner ? `${c.owner}, ${c.organisation}` : c.owner);

export default function VerifyPage() {
  const data = useLoaderData<Data>();
  if (!data.found) {
    return (
      <>
        <h1>Проверка документа</h1>
        <p className="alert" role="alert">
          Документ с кодом «{data.code}» не найден. Проверьте, что код введён так, как напечатан в документе.
        </p>
        <p>
          <Link to="/verify">Ввести другой код</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Проверка документа {data.code}</h1>
      {data.withdrawnAt ? (
        <p className="alert" role="alert">
          Документ выдавался, но <strong>отозван</strong> {formatDate(data.withdrawnAt)}. Он больше не действителен.
        </p>
      ) : (
        <p className="notice" role="status">
          Документ выдан образовательной организацией и действителен.
        </p>
      )}
      <div className="card">
        <dl className="facts">
          <dt>Документ</dt>
          <dd>{data.kind}</dd>
          <dt>Выдан</dt>
          <dd>{data.school}</dd>
          <dt>Дата и время выдачи</dt>
          <dd>
            {formatDateTime(data.issuedAt)} ({zoneLabel()})
          </dd>
          <dt>Учебный год</dt>
          <dd>{data.schoolYear}</dd>
          <dt>SHA-256 файла</dt>
          <dd style={{ wordBreak: "break-all", fontFamily: "monospace" }} data-testid="sha256">
            {data.sha256}
          </dd>
          <dt>Размер файла</dt>
          <dd>{data.size.toLocaleString("ru-RU")} байт</dd>
          {data.certificate ? (
            <>
              <dt>Электронная подпись</dt>
              <dd>
                {owner(data.certificate)}; сертификат № {data.certificate.serial}, действителен с {formatDate(data.certificate.validFrom)} по{" "}
                {formatDate(data.certificate.validTo)}
              </dd>
            </>
          ) : null}
        </dl>
      </div>
      <p>
        <Link to="/verify" data-main-action>
          Проверить другой документ
        </Link>
      </p>
      {data.credential ? (
        <p>
          Сам цифровой бейдж — его подпись и состояние — проверяется на странице <Link to="/verify/credential">проверки бейджа</Link>: вставьте его текст или
          выберите файл.
        </p>
      ) : (
        <>
          <FileCheck />
          <p className="muted">
            Подпись проверяет и любая программа для PDF (Adobe Acrobat Reader, «Панель подписей»). Совпадение файла можно проверить и без этой страницы:{" "}
            <code>sha256sum файл.pdf</code> (Linux), <code>certutil -hashfile файл.pdf SHA256</code> (Windows). Распечатка проверяется по коду.
          </p>
        </>
      )}
    </>
  );
}

/** Sends the file to be checked: its SHA-256 against the issue and its electronic signature. */
function FileCheck() {
  const result = useActionData<{ verdict: FileVerdict } | { problem: string }>();
  const checking = useNavigation().state === "submitting";
  return (
    <div className="card">
      <Form method="post" encType="multipart/form-data" className="stack">
        <label>
          Проверить файл PDF: совпадает ли он с выданным и цела ли электронная подпись <input type="file" name="file" accept="application/pdf" required />
        </label>
        <button type="submit" disabled={checking}>
          {checking ? "Проверяю…" : "Проверить файл"}
        </button>
      </Form>
      {result && "problem" in result ? (
        <p role="alert" className="alert">
          {result.problem}
        </p>
      ) : null}
      {result && "verdict" in result ? <Verdict verdict={result.verdict} /> : null}
    </div>
  );
}

function Verdict({ verdict }: { verdict: FileVerdict }) {
  const good = verdict.sameFile && verdict.signature === "valid" && !verdict.appended;
  return (
    <div role="status" className={good ? "notice" : "alert"} data-testid="file-verdict">
      <p>{verdict.sameFile ? "Файл совпадает с выданным документом." : "Файл НЕ совпадает с выданным документом."}</p>
      {verdict.signature === "none" ? <p>В файле нет электронной подписи.</p> : null}
      {verdict.signature === "altered" ? <p>Электронная подпись не подтверждается: документ изменён после подписания или подпись повреждена.</p> : null}
      {verdict.signature === "valid" ? (
        <p>
          Электронная подпись действительна{verdict.appended ? ", но после подписания к файлу дописаны изменения" : " и охватывает весь документ"}. Подписал:{" "}
          {verdict.signer ? owner(verdict.signer) : "—"}
          {verdict.signer ? `, сертификат № ${verdict.signer.serial}` : ""}
          {verdict.signedAt ? `, ${formatDateTime(verdict.signedAt)} (${zoneLabel()})` : ""}.{" "}
          {verdict.schoolCertificate ? "Сертификат принадлежит школе, выдавшей документ." : "Сертификат НЕ принадлежит школе, выдавшей документ."}
        </p>
      ) : null}
    </div>
  );
}
