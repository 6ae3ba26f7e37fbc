// Every PDF that leaves the school carries the school's electronic signature (PAdES) and its visible
// stamp; poppler's pdfsig — a checker no one here wrote — finds it valid over the whole file, and
// reports a file changed by one byte. The verify page says the same of a file sent to it. The
// administration replaces the self-signed certificate with the school's own PKCS#12.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Types } from "mongoose";
import forge from "node-forge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeYearArchive } from "~/archive/export.server";
import { CreditApplicationModel } from "~models/credit.server";
import { IssuedDocumentModel } from "~models/document.server";
import { SigningCertificateModel } from "~models/signing-certificate.server";
import { SubjectModel } from "~models/subject.server";
import { UserModel } from "~models/user.server";
import { demoIds } from "./demo-ids";
import { photoWithGps } from "./files";
import { pdfText, readZip } from "./pdf";
import { useDemoServer } from "./setup/demo-server";
import { followRedirect, get, pageText, post, signInHttp } from "./setup/http";

const demo = useDemoServer("signature");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "registry-signature-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let ids: Awaited<ReturnType<typeof demoIds>>;
let schoolId: Types.ObjectId;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  ids = await demoIds();
  schoolId = (await UserModel.findOne({ login: "admin" }).lean<{ schoolId: Types.ObjectId }>())!.schoolId;
  for (const login of ["admin", "klass5a", "parent"]) cookies[login] = await signInHttp(demo.server.url, login);
});

/** What pdfsig says of a file. */
function pdfsig(bytes: Uint8Array) {
  const file = path.join(dir, `${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(file, bytes);
  return execFileSync("pdfsig", [file], { encoding: "utf8" });
}

/** The same file with one byte changed inside the signed part (the document's first objects). */
function changedByte(bytes: Uint8Array) {
  const copy = Buffer.from(bytes);
  copy[400] = copy[400] === 0x41 ? 0x42 : 0x41;
  return copy;
}

const multipart = (fields: Record<string, string>, files: { field: string; name: string; bytes: Uint8Array; type: string }[] = []) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append(f.field, new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
  return form;
};
const postMultipart = (pathname: string, form: FormData, cookie?: string) =>
  fetch(`${demo.server.url}${pathname}`, { method: "POST", body: form, redirect: "manual", headers: { ...(cookie ? { Cookie: cookie } : {}), Origin: demo.server.url } });
const bytesOf = async (response: Response) => {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/pdf");
  return new Uint8Array(await response.arrayBuffer());
};
const codeIn = (text: string) => /Код проверки: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(text)![1];

/** Each kind of PDF the school issues, made as staff and families make them. */
const issued: Record<string, Uint8Array> = {};

describe("every issued PDF is signed", () => {
  beforeAll(async () => {
    issued.portfolio = await bytesOf(await get(demo.server.url, `/students/${ids.childA}/portfolio.pdf`, cookies.klass5a));
    const extract = (await IssuedDocumentModel.findOne({ kind: "extract", studentId: ids.childA, withdrawnAt: null }).lean<{ extractId: unknown }>())!;
    issued.extract = await bytesOf(await get(demo.server.url, `/extracts/${String(extract.extractId)}.pdf`, cookies.parent));
    issued.academicRecord = await bytesOf(await post(demo.server.url, `/students/${ids.childA}/record.pdf`, { intent: "issue" }, cookies.admin));

    const maths = (await SubjectModel.findOne({ schoolId, name: "Математика" }).lean<{ _id: unknown }>())!;
    const applied = await postMultipart(
      `/family/${ids.childA}/credits`,
      multipart({ subjectId: String(maths._id), programme: "Курс «Подпись»", organisation: "Центр «Сириус»", periodFrom: "2026-09-01", periodTo: "2026-11-01", result: "«отлично»" }, [
        { field: "files", name: "справка.jpg", bytes: await photoWithGps(640, 480), type: "image/jpeg" },
      ]),
      cookies.parent,
    );
    expect(applied.status).toBe(302);
    const application = (await CreditApplicationModel.findOne({ programme: "Курс «Подпись»" }).lean<{ _id: unknown }>())!;
    const decided = await post(
      demo.server.url,
      `/credits/${String(application._id)}`,
      { intent: "decide", outcome: "credited", mark: "5", period: "year", reason: "программа соответствует ФГОС", act: "Положение о зачёте, п. 3.2" },
      cookies.admin,
    );
    expect(decided.status).toBe(302);
    issued.creditDecision = await bytesOf(await get(demo.server.url, `/credits/${String(application._id)}.pdf`, cookies.parent));

    const zipFile = path.join(dir, "year.zip");
    const sink = fs.createWriteStream(zipFile);
    await writeYearArchive({ schoolId, schoolYear: "2025/2026", exportedBy: "тест", sink });
    if (!sink.closed) await new Promise((resolve) => sink.once("close", () => resolve(null)));
    const entries = await readZip(fs.readFileSync(zipFile));
    issued.register = entries.find((e) => /^registers\/.+\.pdf$/.test(e.name))!.bytes;
  });

  it.each(["portfolio", "extract", "academicRecord", "creditDecision", "register"])("%s: pdfsig finds one valid signature over the whole file, by the school's certificate", async (kind) => {
    const report = pdfsig(issued[kind]);
    expect(report).toContain("Signature #1:");
    expect(report).not.toContain("Signature #2:");
    expect(report).toContain("Signature Type: ETSI.CAdES.detached");
    expect(report).toContain("Total document signed");
    expect(report).toContain("Signature Validation: Signature is Valid.");
    const certificate = (await SigningCertificateModel.findOne({ schoolId }).sort({ createdAt: -1 }).lean<{ owner: string; serial: string }>())!;
    expect(report).toContain(`Signer Certificate Common Name: ${certificate.owner}`);
    // The stamp of the Russian convention, with the certificate's serial, owner and validity.
    const text = pdfText(issued[kind]);
    expect(text).toContain("ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ");
    expect(text).toContain(`Сертификат: ${certificate.serial}`);
    expect(text).toContain(`Владелец: ${certificate.owner}`);
    expect(text).toMatch(/Действителен: с \d{2}\.\d{2}\.\d{4} по \d{2}\.\d{2}\.\d{4}/);

    const tampered = pdfsig(changedByte(issued[kind]));
    expect(tampered).toContain("Signature Validation: Digest Mismatch.");
  });

  it("the verify page names the certificate and checks a file sent to it: the issued file holds, a changed byte does not", async () => {
    const code = codeIn(pdfText(issued.extract));
    const page = pageText(await (await get(demo.server.url, `/verify/${code}`)).text());
    const certificate = (await SigningCertificateModel.findOne({ schoolId }).sort({ createdAt: -1 }).lean<{ owner: string; serial: string }>())!;
    expect(page).toContain(`сертификат № ${certificate.serial}`);

    // Anyone holding the document may send it: no sign-in.
    const good = await postMultipart(`/verify/${code}`, multipart({}, [{ field: "file", name: "выписка.pdf", bytes: issued.extract, type: "application/pdf" }]));
    expect(good.status).toBe(200);
    const goodText = pageText(await good.text());
    expect(goodText).toContain("Файл совпадает с выданным документом.");
    expect(goodText).toContain("Электронная подпись действительна и охватывает весь документ");
    expect(goodText).toContain(`сертификат № ${certificate.serial}`);
    expect(goodText).toContain("Сертификат принадлежит школе, выдавшей документ.");

    const bad = await postMultipart(`/verify/${code}`, multipart({}, [{ field: "file", name: "выписка.pdf", bytes: changedByte(issued.extract), type: "application/pdf" }]));
    const badText = pageText(await bad.text());
    expect(badText).toContain("Файл НЕ совпадает с выданным документом.");
    expect(badText).toContain("Электронная подпись не подтверждается: документ изменён после подписания");

    const unsigned = await postMultipart(`/verify/${code}`, multipart({}, [{ field: "file", name: "текст.pdf", bytes: Buffer.from("%PDF-1.7\nне подписан\n"), type: "application/pdf" }]));
    expect(pageText(await unsigned.text())).toContain("В файле нет электронной подписи.");
    const empty = await postMultipart(`/verify/${code}`, multipart({}));
    expect(empty.status).toBe(400);
    expect(pageText(await empty.text())).toContain("Выберите файл PDF");
    // Elsewhere an upload still needs a signed-in person.
    expect((await postMultipart(`/family/${ids.childA}/credits`, multipart({}, [{ field: "files", name: "a.pdf", bytes: issued.extract, type: "application/pdf" }]))).status).toBe(401);
  });
});

/** A PKCS#12 file as a certification authority hands it over: an RSA key and its certificate. */
function pkcs12(options: { owner: string; password: string; notAfter: Date }) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey.export({ type: "pkcs1", format: "pem" }).toString());
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString());
  certificate.serialNumber = "0badc0de01";
  certificate.validity.notBefore = new Date("2026-01-01T00:00:00Z");
  certificate.validity.notAfter = options.notAfter;
  const subject = [
    { name: "commonName", value: options.owner, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class },
    { name: "organizationName", value: "МБОУ «Школа № 1»", valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class },
  ];
  certificate.setSubject(subject);
  certificate.setIssuer([{ name: "commonName", value: "Тестовый УЦ", valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class }]);
  certificate.sign(forgeKey, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(forgeKey, [certificate], options.password, { algorithm: "3des" });
  return { file: Buffer.from(forge.asn1.toDer(asn1).getBytes(), "latin1"), keyDer: privateKey.export({ type: "pkcs8", format: "der" }) };
}

describe("the school's own certificate", () => {
  const upload = (file: Uint8Array, password: string, cookie = cookies.admin) =>
    postMultipart("/admin/settings", multipart({ intent: "certificate", password }, [{ field: "file", name: "школа.p12", bytes: file, type: "application/x-pkcs12" }]), cookie);

  it("a wrong password, a file that is not PKCS#12 and an expired certificate are refused with the reason, and nothing is stored", async () => {
    const before = await SigningCertificateModel.countDocuments({ schoolId });
    const { file } = pkcs12({ owner: "Соколова Ирина Викторовна", password: "верный-пароль", notAfter: new Date("2030-01-01T00:00:00Z") });
    const wrong = await upload(file, "неверный-пароль-42");
    expect(wrong.status).toBe(400);
    const wrongPage = await wrong.text();
    expect(pageText(wrongPage)).toContain("Пароль не подходит к этому файлу");
    expect(wrongPage).not.toContain("неверный-пароль-42");
    const notP12 = await upload(Buffer.from("это не сертификат"), "x");
    expect(pageText(await notP12.text())).toContain("Файл не читается как PKCS#12");
    const expired = pkcs12({ owner: "Соколова Ирина Викторовна", password: "p", notAfter: new Date("2026-06-01T00:00:00Z") });
    expect(pageText(await (await upload(expired.file, "p")).text())).toContain("Срок действия сертификата истёк 01.06.2026");
    expect((await upload(file, "верный-пароль", cookies.klass5a)).status).toBe(404);
    expect(await SigningCertificateModel.countDocuments({ schoolId })).toBe(before);
  });

  it("uploaded with its password, it signs the next documents; its key is stored encrypted; earlier documents still verify as the school's", async () => {
    const earlier = codeIn(pdfText(issued.extract));
    const { file, keyDer } = pkcs12({ owner: "Соколова Ирина Викторовна", password: "верный-пароль", notAfter: new Date("2030-01-01T00:00:00Z") });
    const uploaded = await upload(file, "верный-пароль");
    expect(pageText(await (await followRedirect(demo.server.url, uploaded, cookies.admin)).text())).toContain("документы подписываются сертификатом № 0BADC0DE01");
    const stored = (await SigningCertificateModel.findOne({ schoolId, serial: "0BADC0DE01" }).lean<{ origin: string }>())!;
    expect(stored.origin).toBe("uploaded");
    // No run of the private key's secret part (past the public modulus) is anywhere in the stored document.
    const raw = (await SigningCertificateModel.collection.findOne({ schoolId, serial: "0BADC0DE01" }, { raw: true })) as unknown as Buffer;
    expect(raw.length).toBeGreaterThan(1000);
    for (let at = 320; at < keyDer.length - 32; at += 64) expect(raw.includes(keyDer.subarray(at, at + 32))).toBe(false);

    expect(pageText(await (await get(demo.server.url, "/home", cookies.admin)).text())).toContain("0 Сертификат электронной подписи действует по 01.01.2030");
    const settings = pageText(await (await get(demo.server.url, "/admin/settings", cookies.admin)).text());
    expect(settings).toContain("№ 0BADC0DE01 — используется");
    expect(settings).toContain("самоподписанный, создан реестром");

    const portfolio = await bytesOf(await get(demo.server.url, `/students/${ids.childA}/portfolio.pdf`, cookies.klass5a));
    const report = pdfsig(portfolio);
    expect(report).toContain("Signature Validation: Signature is Valid.");
    expect(report).toContain("Signer full Distinguished Name: O=МБОУ «Школа № 1»,CN=Соколова Ирина Викторовна");
    expect(pdfText(portfolio)).toContain("Сертификат: 0BADC0DE01");

    const again = await postMultipart(`/verify/${earlier}`, multipart({}, [{ field: "file", name: "выписка.pdf", bytes: issued.extract, type: "application/pdf" }]));
    expect(pageText(await again.text())).toContain("Сертификат принадлежит школе, выдавшей документ.");
  });
});
