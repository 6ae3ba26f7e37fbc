import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { loadSchoolTimeZone } from "~/school-clock.server";
import { Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import type { RouteAccess } from "~/auth/permissions";
import { normaliseCode } from "~/documents/codes.server";
import { formatDate, formatDateTime, zoneLabel } from "~/domain/format";
import { DOCUMENT_KINDS, findDocumentByCode } from "~models/document.server";
import { getSchool } from "~models/school.server";

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
  const school = await getSchool(document.schoolId);
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
    },
    { headers },
  );
}

type Data =
  | { found: false; code: string }
  | { found: true; code: string; kind: string; school: string; issuedAt: string; schoolYear: string; sha256: string; size: number; withdrawnAt: string | null };

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
        </dl>
      </div>
      <p>
        <Link to="/verify" data-main-action>
          Проверить другой документ
        </Link>
      </p>
      <FileCheck sha256={data.sha256} />
      <p className="muted">
        Файл подлинный, если его SHA-256 совпадает с указанным. Проверить можно и без этой страницы: <code>sha256sum файл.pdf</code> (Linux),{" "}
        <code>certutil -hashfile файл.pdf SHA256</code> (Windows). Распечатка проверяется по коду.
      </p>
    </>
  );
}

/** Compares a chosen file with the issued hash in the browser: the file is not sent anywhere. */
function FileCheck({ sha256 }: { sha256: string }) {
  const [verdict, setVerdict] = useState<string | null>(null);
  async function check(file: File | undefined) {
    if (!file) return;
    if (!globalThis.crypto?.subtle) {
      setVerdict("Браузер не может посчитать SHA-256 на этой странице (нужно защищённое соединение); воспользуйтесь командой ниже.");
      return;
    }
    const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
    const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
    setVerdict(hex === sha256 ? "Файл совпадает с выданным документом." : `Файл НЕ совпадает с выданным документом (его SHA-256: ${hex}).`);
  }
  return (
    <div className="card">
      <label>
        Сверить файл PDF с выданным: <input type="file" accept="application/pdf" onChange={(e) => void check(e.target.files?.[0])} />
      </label>
      {verdict ? (
        <p role="status" className={verdict.startsWith("Файл совпадает") ? "notice" : "alert"}>
          {verdict}
        </p>
      ) : null}
    </div>
  );
}
