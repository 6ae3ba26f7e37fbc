// What every document the school issues carries on its first page: the school's name and details
// at the top, and at the end of the page the director and the verification block (code, QR code
// of /verify/<code>, when it was issued).
import { formatDateTime } from "~/domain/format";
import type { DocumentKind } from "~models/document.server";
import type { School } from "~models/school.server";
import type { PdfWriter } from "./pdf-kit.server";

/** The facts of one issue, known before the PDF is drawn (the code goes into it). */
export interface IssueFacts {
  kind: DocumentKind;
  code: string;
  verifyUrl: string;
  issuedAt: Date;
  issuedByName: string;
  purpose?: string;
}

type SchoolDetails = Pick<School, "name" | "shortName" | "address" | "inn" | "phone" | "email" | "director">;

export function letterhead(pdf: PdfWriter, school: SchoolDetails, spaceAfter: number) {
  pdf.text(school.name, { size: 13, bold: true, after: 2 });
  const details = [school.address, school.inn ? `ИНН ${school.inn}` : "", school.phone ? `тел. ${school.phone}` : "", school.email].filter(Boolean).join(" · ");
  if (details) pdf.text(details, { size: 9, muted: true, after: spaceAfter });
}

export function verificationEnd(pdf: PdfWriter, school: SchoolDetails, facts: IssueFacts) {
  if (school.director) pdf.text(`Руководитель: ${school.director}`, { size: 9, muted: true });
  pdf.space(10);
  pdf.verificationBlock(facts.verifyUrl, [
    { text: "Проверка подлинности", bold: true },
    { text: `Код проверки: ${facts.code}`, bold: true },
    { text: `Документ выдан ${formatDateTime(facts.issuedAt)} (мск), ${school.shortName}.` },
    { text: `Страница проверки: ${facts.verifyUrl}` },
    { text: "Отсканируйте QR-код или откройте адрес: страница покажет, выдавался ли документ, когда и за какой учебный год, его SHA-256 и не отозван ли он. Персональных данных на ней нет." },
  ]);
}
