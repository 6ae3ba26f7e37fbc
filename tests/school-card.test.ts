// The school's card (/admin/school): kept by the administration, checked (ИНН and ОГРН with their
// checksums), and printed on the letterhead of every issued document, its logo included.
import crypto from "node:crypto";
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { AuditModel } from "~models/audit.server";
import { SchoolModel } from "~models/school.server";
import { demoIds } from "./demo-ids";
import { pdfText, renderPdf } from "./pdf";
import { followRedirect, get, pageText, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";

let ids: Awaited<ReturnType<typeof demoIds>>;
const cookies: Record<string, string> = {};
const demo = useDemoServer("school-card");
beforeAll(async () => {
  ids = await demoIds();
  for (const login of ["admin", "teacher", "parent"]) cookies[login] = await signInHttp(demo.server.url, login);
});

const CARD = {
  name: "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 17»",
  shortName: "МБОУ «СОШ № 17»",
  address: "150000, г. Ярославль, ул. Школьная, д. 17",
  phone: "+7 (4852) 00-17-17",
  email: "school17@example.ru",
  directorTitle: "Директор",
  director: "Громова Елена Александровна",
  // Valid numbers: their check digits agree.
  inn: "7604012347",
  ogrn: "1027601234561",
};

const card = async () => (await SchoolModel.findById(ids.schoolId, { name: 1, inn: 1, ogrn: 1, director: 1, directorTitle: 1, logo: 1 }).lean<Record<string, unknown> & { logo?: { sha256: string; height: number; type: string } | null }>())!;

/** A multipart form as a browser sends it. */
function multipart(fields: Record<string, string>, files: { field: string; name: string; bytes: Uint8Array; type: string }[] = []) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  for (const f of files) form.append(f.field, new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
  return form;
}
const postMultipart = (form: FormData, cookie: string) => fetch(`${demo.server.url}/admin/school`, { method: "POST", body: form, redirect: "manual", headers: { Cookie: cookie, Origin: demo.server.url } });

const portfolioPdf = async () => {
  const response = await get(demo.server.url, `/students/${ids.childA}/portfolio.pdf`, cookies.admin);
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
};

/** The image XObjects the first page draws from. */
async function firstPageImages(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes);
  const resources = doc.getPage(0).node.Resources();
  const xobjects = resources?.lookupMaybe(PDFName.of("XObject"), PDFDict);
  if (!xobjects) return [];
  return xobjects
    .values()
    .map((ref) => doc.context.lookup(ref))
    .filter((obj): obj is PDFRawStream => obj instanceof PDFRawStream && obj.dict.get(PDFName.of("Subtype")) === PDFName.of("Image"))
    .map((image) => ({ width: Number(image.dict.get(PDFName.of("Width"))?.toString()), height: Number(image.dict.get(PDFName.of("Height"))?.toString()) }));
}

const logoPng = () =>
  sharp({ create: { width: 1200, height: 600, channels: 4, background: { r: 20, g: 60, b: 140, alpha: 1 } } })
    .composite([{ input: Buffer.from('<svg width="1200" height="600"><circle cx="300" cy="300" r="250" fill="#f5c400"/></svg>'), top: 0, left: 0 }])
    .png()
    .toBuffer();

describe("the school's card", () => {
  it("the admin saves it: a redirect with a notice, the card written and logged, the letterhead shows it", async () => {
    const saved = await post(demo.server.url, "/admin/school", CARD, cookies.admin);
    expect(saved.status).toBe(302);
    const next = await followRedirect(demo.server.url, saved, cookies.admin);
    expect(pageText(await next.text())).toContain("Карточка школы сохранена");
    const stored = await card();
    expect(stored).toMatchObject({ inn: CARD.inn, ogrn: CARD.ogrn, directorTitle: "Директор", director: CARD.director });
    expect(await AuditModel.exists({ entity: "school", action: "update", entityId: String(ids.schoolId) })).not.toBeNull();

    const text = pdfText(await portfolioPdf());
    expect(text).toContain(`ИНН ${CARD.inn}`);
    expect(text).toContain(`ОГРН ${CARD.ogrn}`);
    // The signature block: the post, the line to sign on, «Е. А. Громова», the seal's place.
    expect(text).toMatch(/Директор\s+_+\s+Е\. А\. Громова/);
    expect(text).toContain("М. П.");
    // A section with nothing confirmed is named on the title page, not printed empty.
    expect(text).not.toContain("Подтверждённых записей нет");
  });

  it("a wrong ИНН and a wrong ОГРН are refused beside their fields, and nothing is written", async () => {
    const before = await card();
    const logged = await AuditModel.countDocuments({ entity: "school" });
    const bad = await post(demo.server.url, "/admin/school", { ...CARD, name: "Другая школа", inn: "7604012348", ogrn: "1027601234562" }, cookies.admin);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/id="[^"]*-inn-error"[^>]*>ИНН: неверная контрольная сумма</);
    expect(html).toMatch(/id="[^"]*-ogrn-error"[^>]*>ОГРН: неверная контрольная сумма</);
    expect(html).toMatch(/<input[^>]*name="inn"[^>]*aria-invalid="true"|<input[^>]*aria-invalid="true"[^>]*name="inn"/);

    const short = await post(demo.server.url, "/admin/school", { ...CARD, inn: "12345", ogrn: "12" }, cookies.admin);
    expect(short.status).toBe(400);
    const shortText = pageText(await short.text());
    expect(shortText).toContain("ИНН организации — 10 цифр");
    expect(shortText).toContain("ОГРН — 13 цифр");
    expect(shortText).not.toContain("неверная контрольная сумма");

    expect(await card()).toEqual(before);
    expect(await AuditModel.countDocuments({ entity: "school" })).toBe(logged);
  });

  it("a teacher and a parent get 404 on the page and on its form", async () => {
    const before = await card();
    for (const login of ["teacher", "parent"]) {
      expect((await get(demo.server.url, "/admin/school", cookies[login])).status).toBe(404);
      expect((await post(demo.server.url, "/admin/school", { ...CARD, name: "Чужая школа" }, cookies[login])).status).toBe(404);
      expect((await postMultipart(multipart({ ...CARD, name: "Чужая школа" }, [{ field: "logo", name: "logo.png", bytes: await logoPng(), type: "image/png" }]), cookies[login])).status).toBe(404);
    }
    expect(await card()).toEqual(before);
    // The admin's navigation leads to the page; the teacher's does not.
    // The card is a page of «Администрирование»: its row lists it for the administration only.
    expect(await (await get(demo.server.url, "/admin/settings", cookies.admin)).text()).toContain('href="/admin/school"');
    expect(await (await get(demo.server.url, "/classes", cookies.teacher)).text()).not.toContain('href="/admin/school"');
  });

  it("a logo uploaded is kept downscaled and drawn at the top of every issued document; removed, it is gone again", async () => {
    const without = await portfolioPdf();
    expect(await firstPageImages(without)).toEqual([]);

    const uploaded = await postMultipart(multipart(CARD, [{ field: "logo", name: "герб.png", bytes: await logoPng(), type: "image/png" }]), cookies.admin);
    expect(uploaded.status).toBe(302);
    expect(pageText(await (await followRedirect(demo.server.url, uploaded, cookies.admin)).text())).toContain("Логотип загружен");
    const stored = await card();
    expect(stored.logo).toMatchObject({ type: "image/png", height: 240 });

    const withLogo = await portfolioPdf();
    expect(await firstPageImages(withLogo)).toEqual([{ width: 480, height: 240 }]);
    expect(withLogo.length).toBeGreaterThan(without.length);
    // The school's name still reads beside the logo, and the page renders without complaint.
    expect(pdfText(withLogo)).toContain(CARD.shortName);
    const rendered = renderPdf(withLogo);
    expect(rendered.status).toBe(0);
    expect(rendered.stderr).toBe("");

    const removed = await post(demo.server.url, "/admin/school", { ...CARD, removeLogo: "on" }, cookies.admin);
    expect(removed.status).toBe(302);
    expect((await card()).logo ?? null).toBeNull();
    expect(await firstPageImages(await portfolioPdf())).toEqual([]);
  });

  it("a file that is not an image posing as PNG, or a logo over 1 MB, is refused beside the logo and nothing changes", async () => {
    const uploaded = await postMultipart(multipart(CARD, [{ field: "logo", name: "logo.png", bytes: await logoPng(), type: "image/png" }]), cookies.admin);
    expect(uploaded.status).toBe(302);
    const before = await card();

    const fake = Buffer.concat([Buffer.from("MZ\x90\x00"), crypto.randomBytes(4000)]);
    const refused = await postMultipart(multipart({ ...CARD, name: "Другая школа" }, [{ field: "logo", name: "logo.png", bytes: fake, type: "image/png" }]), cookies.admin);
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toMatch(/id="[^"]*-logo-error"[^>]*>Логотип: Файл «logo\.png»: это не изображение/);

    const noise = await sharp({ create: { width: 1200, height: 1200, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 60 } } }).png().toBuffer();
    expect(noise.length).toBeGreaterThan(1024 * 1024);
    const large = await postMultipart(multipart(CARD, [{ field: "logo", name: "big.png", bytes: noise, type: "image/png" }]), cookies.admin);
    expect(large.status).toBe(400);
    expect(pageText(await large.text())).toContain("Логотип: файл больше 1 МБ");

    expect(await card()).toEqual(before);
  });
});
