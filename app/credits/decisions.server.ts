// Crediting results from other organisations (seed 004 §5), the school's side: the admin decides
// with a reason and the school's act (the rules suggest), the decision becomes a verifiable PDF for
// the family and a mark in the class summary; a decision is revoked with a reason, never edited.
// Each step is one conditional write and a line in the audit log.
import { notify } from "~/notify/notify.server";
import { childAndFamily } from "~/notify/recipients.server";
import type { Types } from "mongoose";
import { includesId, notFound, reachableStudentIds, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import { issueDocument, publicOrigin } from "~/documents/issue.server";
import { suggestCredit, type CreditSuggestion } from "~/domain/credit-rules";
import { Conflict, RefusedByRule } from "~/http/refusals";
import { periodOptions } from "~/results/periods";
import { getYear } from "~models/academic-year.server";
import { getClass } from "~models/class.server";
import { listStudentAchievements } from "~models/achievement.server";
import { addCreditDecision, decisionInForce, getCreditApplication, getCreditRules, revokeCreditDecision, setCreditDecisionDocument } from "~models/credit.server";
import { getIssuedDocument, withdrawIssuedDocument } from "~models/document.server";
import { getSchool } from "~models/school.server";
import { fullName } from "~models/student.server";
import type { PublicUser } from "~models/user.server";
import type { Kind } from "~models/vocabulary/achievement-kinds";
import { CREDIT_OUTCOMES } from "~models/vocabulary/credits";
import { renderDecision } from "./decision-pdf.server";
import type { DecisionInput } from "./forms";
import { creditViews, type CreditView } from "./view.server";

/** The application, if it is of the user's school; else 404. */
async function applicationFor(user: PublicUser, id: string) {
  const application = await getCreditApplication({ schoolId: schoolOf(user), applicationId: id });
  if (!application) notFound();
  return application;
}

/** One application for the admin, with what the rules suggest. */
/** The periods a credited mark may count for: those of the student's class's system that year, then the year. */
async function periodsOfApplication(application: { schoolId: Types.ObjectId; classId: Types.ObjectId }) {
  const schoolClass = await getClass(application.schoolId, String(application.classId));
  const year = schoolClass ? await getYear({ schoolId: application.schoolId, yearId: schoolClass.yearId }) : null;
  return year ? periodOptions(year, schoolClass!.grade) : [{ key: "year", label: "год" }];
}

export async function creditForDecision(user: PublicUser, id: string): Promise<{ view: CreditView; suggestion: CreditSuggestion | null; periods: { key: string; label: string }[] }> {
  const application = await applicationFor(user, id);
  const [view] = await creditViews(application.schoolId, [application]);
  const [rules, achievements] = await Promise.all([getCreditRules(application.schoolId), listStudentAchievements(application.schoolId, application.studentId, { verifiedOnly: true })]);
  const suggestion = suggestCredit(
    rules,
    achievements.map((a) => ({ id: String(a._id), kind: a.kind as Kind, status: a.status, academicYear: a.academicYear, title: a.title, details: a.details })),
    view.subject,
    application.schoolYear,
  );
  return { view, suggestion, periods: await periodsOfApplication(application) };
}

/** Records the decision (only when none is in force), then issues its PDF. */
export async function decideCredit(request: Request, user: PublicUser, id: string, input: DecisionInput) {
  const application = await applicationFor(user, id);
  if (input.outcome !== "refused" && !(await periodsOfApplication(application)).some((p) => p.key === input.period)) {
    throw new RefusedByRule("В этом классе нет такого периода: выберите из списка", "period");
  }
  const decision = {
    outcome: input.outcome,
    mark: input.outcome === "refused" ? "" : (input.mark ?? ""),
    period: input.outcome === "refused" ? "" : (input.period ?? ""),
    reason: input.reason,
    act: input.act,
    rule: input.rule,
    decidedAt: new Date(),
    decidedBy: user._id,
    decidedByName: fullName(user),
  };
  // Only while no decision is in force: two admins deciding at once cannot both succeed.
  const written = await addCreditDecision({ schoolId: application.schoolId, applicationId: application._id, decision });
  if (!written) throw new Conflict("По заявлению уже есть решение: чтобы изменить его, сначала отзовите");
  await audit(request, user, { action: "update", entity: "credit", entityId: String(application._id), studentId: application.studentId, summary: `решение о зачёте: ${CREDIT_OUTCOMES[input.outcome]}${decision.mark ? ` «${decision.mark}»` : ""}; ${input.reason} (${input.act})` });
  await issueDecisionDocument(request, user, String(application._id));
  const { firstName, family } = await childAndFamily(application.schoolId, application.studentId);
  await notify(application.schoolId, [...family, application.applicantId], { kind: "credit-decided", text: `Решение о зачёте результатов (${firstName}): ${CREDIT_OUTCOMES[input.outcome]}`, link: `/family/${application.studentId}/credits`, firstName });
}

/** The PDF of the decision in force, if it has none yet (also what finishes a decision cut off before its PDF). */
export async function issueDecisionDocument(request: Request, user: PublicUser, id: string) {
  const application = await applicationFor(user, id);
  const current = decisionInForce(application);
  if (!current || current.documentId) return;
  const [view] = await creditViews(application.schoolId, [application]);
  const school = (await getSchool(application.schoolId))!;
  const { document } = await issueDocument(
    { schoolId: application.schoolId, studentId: application.studentId, kind: "creditDecision", schoolYear: application.schoolYear, issuer: user, origin: publicOrigin(request), fileName: `Решение о зачёте ${view.studentName} ${view.subject}.pdf`, keep: true },
    (facts) => renderDecision(school, view, current, facts),
  );
  const set = await setCreditDecisionDocument({ schoolId: application.schoolId, applicationId: application._id, decisionId: current._id, documentId: document._id });
  // Revoked or given a document meanwhile: this copy is not the one in force.
  if (!set) await withdrawIssuedDocument({ schoolId: application.schoolId, documentId: document._id, withdrawnByName: fullName(user), reason: "выдано повторно" });
}

/**
 * Revokes the decision in force with a reason (checked by RevokeDecisionForm); its PDF is withdrawn
 * (the verify page says so) and its mark leaves the summary.
 */
export async function revokeCredit(request: Request, user: PublicUser, id: string, { reason: text }: { reason: string }) {
  const application = await applicationFor(user, id);
  const current = decisionInForce(application);
  if (!current) throw new Conflict("Действующего решения нет");
  const by = fullName(user);
  const revoked = await revokeCreditDecision({ schoolId: application.schoolId, applicationId: application._id, decisionId: current._id, revokedByName: by, reason: text });
  if (!revoked) throw new Conflict("Решение уже отозвано");
  if (current.documentId) await withdrawIssuedDocument({ schoolId: application.schoolId, documentId: current.documentId, withdrawnByName: by, reason: text });
  await audit(request, user, { action: "update", entity: "credit", entityId: String(application._id), studentId: application.studentId, summary: `решение о зачёте отозвано: ${text}` });
}

/** The decision PDF for the child's family: the parent, or the student themself; else 404. */
export async function decisionForFamily(user: PublicUser, id: string) {
  const application = await applicationFor(user, id);
  if (!includesId(await reachableStudentIds(user), application.studentId)) notFound();
  const current = decisionInForce(application);
  if (!current?.documentId) notFound();
  const document = await getIssuedDocument({ schoolId: application.schoolId, documentId: current.documentId });
  if (!document || document.withdrawnAt) notFound();
  return document;
}
