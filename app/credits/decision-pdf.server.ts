// The decision on a family's credit application as a PDF: the school, the application, the
// decision with its reason and act, and the verification block shared by every issued document.
import { PdfWriter } from "~/documents/pdf-kit.server";
import { issuedSigning, letterhead, verificationEnd, type IssueFacts } from "~/documents/letterhead.server";
import { formatDate } from "~/domain/format";
import type { CreditDecision } from "~models/credit.server";
import { getSchoolLogo, type School } from "~models/school.server";
import { CREDIT_OUTCOMES, creditPeriodLabel } from "~models/vocabulary/credits";
import type { CreditView } from "./view.server";

export async function renderDecision(school: School, view: CreditView, decision: CreditDecision, facts: IssueFacts): Promise<Uint8Array<ArrayBuffer>> {
  const title = "Решение о зачёте результатов, полученных в другой организации";
  const pdf = await PdfWriter.create({ title: `${title}: ${view.studentName}`, subject: title, author: school.name });
  await letterhead(pdf, { ...school, logo: await getSchoolLogo({ schoolId: school._id }) }, 18);
  pdf.heading("РЕШЕНИЕ О ЗАЧЁТЕ РЕЗУЛЬТАТОВ", 1);
  pdf.text("освоения учебных предметов, курсов, программ в других организациях, осуществляющих образовательную деятельность (273-ФЗ, ст. 34 ч. 1 п. 7)", { size: 9, muted: true, after: 10 });
  pdf.heading("Заявление", 3);
  pdf.facts([
    ["Обучающийся", `${view.studentName}, ${view.className} класс, ${view.schoolYear} учебный год`],
    ["Заявитель", `${view.applicantName}, заявление от ${formatDate(view.appliedAt)}`],
    ["Предмет", view.subject],
    ["Курс, программа", view.programme],
    ["Организация", view.organisation],
    ["Период", `${formatDate(view.periodFrom)} — ${formatDate(view.periodTo)}`],
    ["Результат", view.result],
    ["Документы", view.files.map((f) => f.name).join(", ")],
  ]);
  pdf.heading("Решение", 3);
  const outcome = CREDIT_OUTCOMES[decision.outcome as keyof typeof CREDIT_OUTCOMES];
  pdf.facts([
    ["Решение", decision.mark ? `${outcome}: ${decision.mark === "зач" ? "«зачтено»" : `отметка «${decision.mark}»`} по предмету «${view.subject}» ${creditPeriodLabel(decision.period)}` : outcome],
    ["Основание", decision.reason],
    ["Локальный акт", decision.act],
    ...(decision.rule ? ([["Правило зачёта", decision.rule]] as [string, string][]) : []),
    ["Принял(а) решение", `${decision.decidedByName}, ${formatDate(decision.decidedAt)}`],
  ]);
  pdf.space(6);
  verificationEnd(pdf, school, facts);
  return pdf.finish(`${view.studentName} · решение о зачёте · код ${facts.code}`, issuedSigning(facts));
}
