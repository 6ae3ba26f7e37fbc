// What every document the school issues carries on its first page: the school's name and details
// at the top, and at the end of the page the director and the verification block (code, QR code
// of /verify/<code>, when it was issued).
import { formatDateTime, zoneLabel } from "~/domain/format";
import type { DocumentSignature } from "~/signature/pdf-signature.server";
import { DOCUMENT_KINDS, type DocumentKind } from "~models/document.server";
import type { School } from "~models/school.server";
import { MM, type PdfWriter, type Signing } from "./pdf-kit.server";

/** The facts of one issue, known before the PDF is drawn (the code goes into it). */
export interface IssueFacts {
  kind: DocumentKind;
  code: string;
  verifyUrl: string;
  issuedAt: Date;
  issuedByName: string;
  purpose?: string;
  /** The school's signature: its stamp is drawn in the verification block, the PDF signed with it. */
  signature: DocumentSignature;
}

/** How an issued document is signed: at the moment of its issue, naming what it is. */
export const issuedSigning = (facts: IssueFacts): Signing => ({ signature: facts.signature, at: facts.issuedAt, reason: DOCUMENT_KINDS[facts.kind] });

/** The school's logo as kept (models/school.server.ts getSchoolLogo). */
export interface LetterheadLogo {
  bytes: Uint8Array;
  type: "image/png" | "image/jpeg";
}

type SchoolDetails = Pick<School, "name" | "shortName" | "address" | "inn" | "phone" | "email" | "director"> &
  Partial<Pick<School, "ogrn" | "directorTitle">> & { logo?: LetterheadLogo | null };

/** The logo's height on the page; its width follows its proportions, up to LOGO_MAX_WIDTH. */
const LOGO_HEIGHT = 16 * MM;
const LOGO_MAX_WIDTH = 45 * MM;
const LOGO_GAP = 5 * MM;
/** PdfWriter's page margins (app/documents/pdf-kit.server.ts), where its first line starts. */
const PAGE_MARGIN = { left: 20 * MM, top: 18 * MM };

/** At the top of the first page (the writer's cursor is there): the logo at the left if there is one, the school's name and details. */
export async function letterhead(pdf: PdfWriter, school: SchoolDetails, spaceAfter: number) {
  const details = [school.address, school.inn ? `ИНН ${school.inn}` : "", school.ogrn ? `ОГРН ${school.ogrn}` : "", school.phone ? `тел. ${school.phone}` : "", school.email].filter(Boolean).join(" · ");
  if (!school.logo) {
    pdf.text(school.name, { size: 13, bold: true, after: 2 });
    if (details) pdf.text(details, { size: 9, muted: true, after: spaceAfter });
    return;
  }
  // The logo at the top left of the page, the name and details beside it; what follows starts
  // under whichever of the two is lower.
  const image = school.logo.type === "image/png" ? await pdf.doc.embedPng(school.logo.bytes) : await pdf.doc.embedJpg(school.logo.bytes);
  const scale = Math.min(LOGO_HEIGHT / image.height, LOGO_MAX_WIDTH / image.width);
  const width = image.width * scale;
  const height = image.height * scale;
  // The letterhead opens the first page: its cursor stands at the top margin.
  const page = pdf.doc.getPage(0);
  page.drawImage(image, { x: PAGE_MARGIN.left, y: page.getHeight() - PAGE_MARGIN.top - height, width, height });
  const indent = width + LOGO_GAP;
  const nameSize = 13;
  const nameHeight = pdf.wrap(school.name, pdf.contentW - indent, nameSize, true).length * nameSize * 1.35 + 2;
  const detailsHeight = details ? pdf.wrap(details, pdf.contentW - indent, 9).length * 9 * 1.35 : 0;
  pdf.text(school.name, { size: nameSize, bold: true, indent, after: 2 });
  if (details) pdf.text(details, { size: 9, muted: true, indent, after: 0 });
  pdf.space(Math.max(0, height - nameHeight - detailsHeight) + spaceAfter);
}

/** «Соколова Ирина Викторовна» as a signature line writes it: «И. В. Соколова». */
export function initialsAndSurname(fullName: string) {
  const [surname, ...names] = fullName.trim().split(/\s+/);
  return [...names.map((n) => `${n[0]}.`), surname].filter(Boolean).join(" ");
}

export function verificationEnd(pdf: PdfWriter, school: SchoolDetails, facts: IssueFacts) {
  // The signature block of a Russian school's document: the head's post, the line to sign on, the
  // name, and the place of the seal.
  if (school.director) {
    pdf.space(8);
    pdf.text(`${school.directorTitle || "Директор"}    ____________________    ${initialsAndSurname(school.director)}`, { size: 11, after: 2 });
    pdf.text("М. П.", { size: 9, muted: true, indent: 40 });
  }
  pdf.space(6);
  pdf.signatureStamp(facts.signature.stamp);
  pdf.space(4);
  pdf.verificationBlock(facts.verifyUrl, [
    { text: "Проверка подлинности", bold: true },
    { text: `Код проверки: ${facts.code}`, bold: true },
    { text: `Документ выдан ${formatDateTime(facts.issuedAt)} (${zoneLabel()}), ${school.shortName}.` },
    { text: `Страница проверки: ${facts.verifyUrl}` },
    { text: "Отсканируйте QR-код или откройте адрес: страница покажет, выдавался ли документ, когда и за какой учебный год, его SHA-256 и не отозван ли он. Персональных данных на ней нет." },
  ]);
}
