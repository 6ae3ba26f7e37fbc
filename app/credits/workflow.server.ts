// Crediting results from other organisations (seed 004 §5): the family applies with documents
// (through the same checks as any upload), the admin decides with a reason and the school's act
// (the rules suggest), the decision becomes a verifiable PDF for the family and a mark in the
// class summary; a decision is revoked with a reason, never edited. Each step is one
// conditional write and a line in the audit log.
import mongoose, { type Types } from "mongoose";
import { z } from "zod";
import { includesId, isRepresentative, notFound, reachableStudentIds, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import { todayIso } from "~/achievements/kinds";
import { type Kind } from "~models/vocabulary/achievement-kinds";
import { suggestCredit, type CreditSuggestion } from "~/domain/credit-rules";
import { issueDocument, publicOrigin } from "~/documents/issue.server";
import type { UploadedFile } from "~/files/multipart.server";
import { getCurrentYear } from "~models/academic-year.server";
import { listStudentAchievements } from "~models/achievement.server";
import { ClassModel, className, type SchoolClass } from "~models/class.server";
import { CreditApplicationModel, decisionInForce, getCreditRules, type CreditApplication, type CreditDecision } from "~models/credit.server";
import { IssuedDocumentModel, type IssuedDocument } from "~models/document.server";
import { getSchool } from "~models/school.server";
import { StudentModel, fullName, getEnrolment, getStudent, type Student } from "~models/student.server";
import { SubjectModel, listSubjects, type Subject } from "~models/subject.server";
import type { PublicUser } from "~models/user.server";
import { putEvidence, removeEvidence } from "~storage/evidence-store.server";
import { inspectUpload, UploadRefused, type InspectedFile } from "~storage/inspect.server";
import { UPLOAD_LIMITS } from "~storage/limits";
import { renderDecision } from "./decision-pdf.server";
import { CREDIT_MARKS, CREDIT_OUTCOMES, creditMarkLabel, creditPeriodLabel } from "~models/vocabulary/credits";

export class CreditRuleError extends Error {
  constructor(message: string, readonly field = "form") {
    super(message);
  }
}

const ADULT_AGE = 18;
/** A student applies for themself only when of age (273-ФЗ: otherwise the legal representative does). */
export function mayApply(user: PublicUser, student: Pick<Student, "_id" | "birthDate" | "representativeIds">, today = new Date()) {
  if (user.roles.includes("parent")) return isRepresentative(user, student);
  if (!user.roles.includes("student")) return false;
  const adultFrom = new Date(student.birthDate);
  adultFrom.setUTCFullYear(adultFrom.getUTCFullYear() + ADULT_AGE);
  return String(user.studentId) === String(student._id) && adultFrom <= today;
}

const day = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}: неверная дата`)
    .refine((v) => !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()), `${label}: неверная дата`)
    .refine((v) => v >= "2000-01-01", `${label}: слишком ранняя дата`);
export const ApplicationForm = z
  .object({
    subjectId: z.string().regex(/^[a-f0-9]{24}$/, "Выберите предмет"),
    programme: z.string().trim().min(3, "Укажите курс, программу или олимпиаду").max(300, "Не длиннее 300 символов"),
    organisation: z.string().trim().min(3, "Укажите организацию").max(300, "Не длиннее 300 символов"),
    periodFrom: day("Начало"),
    periodTo: day("Окончание").refine((v) => v <= todayIso(), "Окончание: дата в будущем"),
    result: z.string().trim().min(1, "Укажите результат (отметку, баллы, «зачтено»)").max(500, "Не длиннее 500 символов"),
  })
  .refine((v) => v.periodFrom <= v.periodTo, { message: "Начало позже окончания", path: ["periodTo"] });

async function inspectAll(files: UploadedFile[]) {
  if (files.length === 0) throw new CreditRuleError("Приложите хотя бы один подтверждающий документ", "files");
  if (files.length > UPLOAD_LIMITS.maxFiles) throw new CreditRuleError(`Не больше ${UPLOAD_LIMITS.maxFiles} файлов`, "files");
  const inspected: InspectedFile[] = [];
  for (const file of files) {
    try {
      inspected.push(await inspectUpload(file.bytes, file.originalName));
    } catch (error) {
      if (error instanceof UploadRefused) throw new CreditRuleError(error.message, "files");
      throw error;
    }
  }
  return inspected;
}

/** The family's application: checked whole, files written first, then the application in one insert (files removed if it fails). */
export async function applyForCredit(request: Request, user: PublicUser, studentId: string, input: z.infer<typeof ApplicationForm>, files: UploadedFile[]) {
  const schoolId = schoolOf(user);
  const student = await getStudent(schoolId, studentId, await reachableStudentIds(user));
  if (!student || !mayApply(user, student)) notFound();
  const subject = await SubjectModel.findOne({ _id: input.subjectId, schoolId }).lean<Subject>();
  if (!subject) throw new CreditRuleError("Выберите предмет из списка", "subjectId");
  const year = await getCurrentYear(schoolId);
  const enrolment = year ? await getEnrolment(schoolId, student._id, year._id) : null;
  if (!year || !enrolment) throw new CreditRuleError("Обучающийся не зачислен ни в один класс этого учебного года");
  const inspected = await inspectAll(files);
  const _id = new mongoose.Types.ObjectId();
  const stored = await putEvidence({ schoolId, studentId: student._id, uploadedBy: user._id }, inspected, _id);
  try {
    await CreditApplicationModel.create({
      _id,
      schoolId,
      studentId: student._id,
      classId: enrolment.classId,
      schoolYear: year.name,
      subjectId: subject._id,
      programme: input.programme,
      organisation: input.organisation,
      periodFrom: new Date(`${input.periodFrom}T00:00:00Z`),
      periodTo: new Date(`${input.periodTo}T00:00:00Z`),
      result: input.result,
      evidence: stored.map((e) => ({ fileId: e._id, name: e.name, type: e.type, size: e.size, sha256: e.sha256 })),
      appliedAt: new Date(),
      applicantId: user._id,
      applicantName: fullName(user),
    });
  } catch (error) {
    await removeEvidence(stored);
    throw error;
  }
  await audit(request, user, { action: "create", entity: "credit", entityId: String(_id), studentId: student._id, summary: `заявление о зачёте: ${subject.name}, ${input.programme} (${input.organisation})` });
  return _id;
}

export interface CreditView {
  id: string;
  studentId: string;
  studentName: string;
  className: string;
  schoolYear: string;
  subject: string;
  programme: string;
  organisation: string;
  periodFrom: Date;
  periodTo: Date;
  result: string;
  appliedAt: Date;
  applicantName: string;
  files: { id: string; name: string; type: string; size: number }[];
  state: "pending" | keyof typeof CREDIT_OUTCOMES;
  stateLabel: string;
  decision: (Omit<CreditDecision, "_id" | "decidedBy" | "documentId"> & { id: string; document: { id: string; code: string; sha256: string; withdrawnAt: Date | null } | null }) | null;
  history: { id: string; outcome: string; mark: string; reason: string; decidedAt: Date; decidedByName: string; revokedAt: Date | null; revokedByName: string; revokeReason: string }[];
}


async function viewsOf(schoolId: Types.ObjectId, applications: CreditApplication[]): Promise<CreditView[]> {
  if (applications.length === 0) return [];
  const [subjects, students, classes, documents] = await Promise.all([
    listSubjects(schoolId),
    StudentModel.find({ schoolId, _id: { $in: applications.map((a) => a.studentId) } }, { lastName: 1, firstName: 1, middleName: 1 }).lean<Student[]>(),
    ClassModel.find({ schoolId, _id: { $in: applications.map((a) => a.classId) } }).lean<SchoolClass[]>(),
    IssuedDocumentModel.find({ schoolId, _id: { $in: applications.flatMap((a) => a.decisions.map((d) => d.documentId).filter(Boolean)) } }).lean<{ _id: Types.ObjectId; code: string; sha256: string; withdrawnAt: Date | null }[]>(),
  ]);
  return applications.map((a) => {
    const current = decisionInForce(a);
    const document = current?.documentId ? documents.find((d) => String(d._id) === String(current.documentId)) : null;
    const schoolClass = classes.find((c) => String(c._id) === String(a.classId));
    const state = current ? (current.outcome as keyof typeof CREDIT_OUTCOMES) : "pending";
    return {
      id: String(a._id),
      studentId: String(a.studentId),
      studentName: fullName(students.find((s) => String(s._id) === String(a.studentId)) ?? { lastName: "", firstName: "" }),
      className: schoolClass ? className(schoolClass) : "",
      schoolYear: a.schoolYear,
      subject: subjects.find((s) => String(s._id) === String(a.subjectId))?.name ?? "",
      programme: a.programme,
      organisation: a.organisation,
      periodFrom: a.periodFrom,
      periodTo: a.periodTo,
      result: a.result,
      appliedAt: a.appliedAt,
      applicantName: a.applicantName,
      files: a.evidence.map((e) => ({ id: String(e.fileId), name: e.name, type: e.type, size: e.size })),
      state,
      stateLabel: current ? `${CREDIT_OUTCOMES[state as keyof typeof CREDIT_OUTCOMES]}${current.mark ? ` как «${creditMarkLabel(current.mark)}» ${creditPeriodLabel(current.period)}` : ""}` : "на рассмотрении",
      decision: current
        ? {
            id: String(current._id),
            outcome: current.outcome,
            mark: current.mark,
            period: current.period,
            reason: current.reason,
            act: current.act,
            rule: current.rule,
            decidedAt: current.decidedAt,
            decidedByName: current.decidedByName,
            revokedAt: null,
            revokedByName: "",
            revokeReason: "",
            document: document ? { id: String(document._id), code: document.code, sha256: document.sha256, withdrawnAt: document.withdrawnAt ?? null } : null,
          }
        : null,
      history: a.decisions.map((d) => ({ id: String(d._id), outcome: CREDIT_OUTCOMES[d.outcome as keyof typeof CREDIT_OUTCOMES], mark: d.mark, reason: d.reason, decidedAt: d.decidedAt, decidedByName: d.decidedByName, revokedAt: d.revokedAt ?? null, revokedByName: d.revokedByName, revokeReason: d.revokeReason })),
    };
  });
}

/** A student's applications for their family (404 outside the family's reach). */
export async function creditsOfStudent(user: PublicUser, studentId: Types.ObjectId) {
  const schoolId = schoolOf(user);
  return viewsOf(schoolId, await CreditApplicationModel.find({ schoolId, studentId }).sort({ appliedAt: -1 }).limit(200).lean<CreditApplication[]>());
}

/** The admin's list: waiting first (oldest first), then the latest decided. */
export async function creditQueue(user: PublicUser) {
  const schoolId = schoolOf(user);
  const all = await CreditApplicationModel.find({ schoolId }).sort({ appliedAt: -1 }).limit(500).lean<CreditApplication[]>();
  const views = await viewsOf(schoolId, all);
  return { pending: views.filter((v) => v.state === "pending").reverse(), decided: views.filter((v) => v.state !== "pending") };
}

async function applicationFor(user: PublicUser, id: string) {
  const schoolId = schoolOf(user);
  if (!mongoose.isValidObjectId(id)) notFound();
  const application = await CreditApplicationModel.findOne({ _id: id, schoolId }).lean<CreditApplication>();
  if (!application) notFound();
  return application;
}

/** One application for the admin, with what the rules suggest. */
export async function creditForDecision(user: PublicUser, id: string): Promise<{ view: CreditView; suggestion: CreditSuggestion | null }> {
  const application = await applicationFor(user, id);
  const [view] = await viewsOf(application.schoolId, [application]);
  const [rules, achievements] = await Promise.all([getCreditRules(application.schoolId), listStudentAchievements(application.schoolId, application.studentId, { verifiedOnly: true })]);
  const suggestion = suggestCredit(
    rules,
    achievements.map((a) => ({ id: String(a._id), kind: a.kind as Kind, status: a.status, academicYear: a.academicYear, title: a.title, details: a.details })),
    view.subject,
    application.schoolYear,
  );
  return { view, suggestion };
}

export const DecisionForm = z
  .object({
    outcome: z.enum(Object.keys(CREDIT_OUTCOMES) as [keyof typeof CREDIT_OUTCOMES], { error: "Выберите решение" }),
    mark: z.union([z.literal(""), z.enum(CREDIT_MARKS)], { error: "Выберите отметку из списка" }),
    period: z.union([z.literal(""), z.enum(["1", "2", "3", "4", "year"])], { error: "Выберите период" }),
    reason: z.string().trim().min(3, "Укажите основание решения").max(2000, "Не длиннее 2000 символов"),
    act: z.string().trim().min(3, "Укажите локальный акт школы").max(300, "Не длиннее 300 символов"),
    rule: z.string().trim().max(200).default(""),
  })
  .refine((v) => v.outcome === "refused" || v.mark !== "", { message: "Укажите, как зачитывается результат", path: ["mark"] })
  .refine((v) => v.outcome === "refused" || v.period !== "", { message: "Укажите период или промежуточную аттестацию", path: ["period"] });

/** Records the decision (only when none is in force), then issues its PDF. */
export async function decideCredit(request: Request, user: PublicUser, id: string, input: z.infer<typeof DecisionForm>) {
  const application = await applicationFor(user, id);
  const decision = {
    _id: new mongoose.Types.ObjectId(),
    outcome: input.outcome,
    mark: input.outcome === "refused" ? "" : input.mark,
    period: input.outcome === "refused" ? "" : input.period,
    reason: input.reason,
    act: input.act,
    rule: input.rule,
    decidedAt: new Date(),
    decidedBy: user._id,
    decidedByName: fullName(user),
  };
  // Only while no decision is in force: two admins deciding at once cannot both succeed.
  const written = await CreditApplicationModel.updateOne({ _id: application._id, decisions: { $not: { $elemMatch: { revokedAt: null } } } }, { $push: { decisions: decision } });
  if (written.modifiedCount === 0) throw new CreditRuleError("По заявлению уже есть решение: чтобы изменить его, сначала отзовите");
  await audit(request, user, { action: "update", entity: "credit", entityId: String(application._id), studentId: application.studentId, summary: `решение о зачёте: ${CREDIT_OUTCOMES[input.outcome]}${decision.mark ? ` «${decision.mark}»` : ""}; ${input.reason} (${input.act})` });
  await issueDecisionDocument(request, user, String(application._id));
}

/** The PDF of the decision in force, if it has none yet (also what finishes a decision cut off before its PDF). */
export async function issueDecisionDocument(request: Request, user: PublicUser, id: string) {
  const application = await applicationFor(user, id);
  const current = decisionInForce(application);
  if (!current || current.documentId) return;
  const [view] = await viewsOf(application.schoolId, [application]);
  const school = (await getSchool(application.schoolId))!;
  const { document } = await issueDocument(
    { schoolId: application.schoolId, studentId: application.studentId, kind: "creditDecision", schoolYear: application.schoolYear, issuer: user, origin: publicOrigin(request), fileName: `Решение о зачёте ${view.studentName} ${view.subject}.pdf`, keep: true },
    (facts) => renderDecision(school, view, current, facts),
  );
  const set = await CreditApplicationModel.updateOne({ _id: application._id, decisions: { $elemMatch: { _id: current._id, documentId: null, revokedAt: null } } }, { $set: { "decisions.$.documentId": document._id } });
  // Revoked or given a document meanwhile: this copy is not the one in force.
  if (set.modifiedCount === 0) await IssuedDocumentModel.updateOne({ _id: document._id }, { $set: { withdrawnAt: new Date(), withdrawnByName: fullName(user), withdrawReason: "выдано повторно" } });
}

/** Revokes the decision in force with a reason; its PDF is withdrawn (the verify page says so) and its mark leaves the summary. */
export async function revokeCredit(request: Request, user: PublicUser, id: string, reason: string) {
  const application = await applicationFor(user, id);
  const text = reason.trim();
  if (text.length < 3) throw new CreditRuleError("Укажите причину отзыва", "reason");
  if (text.length > 500) throw new CreditRuleError("Причина: не длиннее 500 символов", "reason");
  const current = decisionInForce(application);
  if (!current) throw new CreditRuleError("Действующего решения нет");
  const by = fullName(user);
  const updated = await CreditApplicationModel.updateOne(
    { _id: application._id, decisions: { $elemMatch: { _id: current._id, revokedAt: null } } },
    { $set: { "decisions.$.revokedAt": new Date(), "decisions.$.revokedByName": by, "decisions.$.revokeReason": text } },
  );
  if (updated.modifiedCount === 0) throw new CreditRuleError("Решение уже отозвано");
  if (current.documentId) await IssuedDocumentModel.updateOne({ _id: current.documentId, withdrawnAt: null }, { $set: { withdrawnAt: new Date(), withdrawnByName: by, withdrawReason: text } });
  await audit(request, user, { action: "update", entity: "credit", entityId: String(application._id), studentId: application.studentId, summary: `решение о зачёте отозвано: ${text}` });
}

/** The decision PDF for the child's family: the parent, or the student themself; else 404. */
export async function decisionForFamily(user: PublicUser, id: string) {
  const application = await applicationFor(user, id);
  if (!includesId(await reachableStudentIds(user), application.studentId)) notFound();
  const current = decisionInForce(application);
  if (!current?.documentId) notFound();
  const document = await IssuedDocumentModel.findOne({ _id: current.documentId, schoolId: application.schoolId, withdrawnAt: null }).lean<IssuedDocument>();
  if (!document) notFound();
  return document;
}

/** Marks credited for a class's students in a period of the year: studentId:subjectId → the mark. */
export async function creditedMarks(schoolId: Types.ObjectId, classId: Types.ObjectId, period: string) {
  const applications = await CreditApplicationModel.find({ schoolId, classId, decisions: { $elemMatch: { revokedAt: null, period, outcome: { $in: ["credited", "partly"] } } } }).lean<CreditApplication[]>();
  const marks = new Map<string, { mark: string; decidedAt: Date }>();
  for (const a of applications) {
    const current = decisionInForce(a);
    if (current && current.period === period && current.mark) marks.set(`${a.studentId}:${a.subjectId}`, { mark: current.mark, decidedAt: current.decidedAt });
  }
  return marks;
}
