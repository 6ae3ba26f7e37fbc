// Family extracts (seed 004 §6.2–6.3: results go to legal representatives on their application):
// a parent asks for their own child, the class teacher or the admin approves (the PDF is issued
// and kept) or refuses with a reason, and an issued extract can be withdrawn. Every step is one
// conditional write and a line in the audit log.
import mongoose, { type Types } from "mongoose";
import { z } from "zod";
import { includesId, isRepresentative, notFound, reachableStudentIds, schoolOf, verifiableStudentIds } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import {
  EXTRACT_STATES,
  ExtractRequestModel,
  IssuedDocumentModel,
  documentsOfExtracts,
  extractState,
  type ExtractRequest,
  type IssuedDocument,
} from "~models/document.server";
import { AcademicYearModel } from "~models/academic-year.server";
import { EnrolmentModel, StudentModel, fullName, type Student } from "~models/student.server";
import type { PublicUser } from "~models/user.server";
import { issuePortfolio, publicOrigin } from "./issue.server";
import { PORTFOLIO_SECTIONS, SECTION_CODES, type SectionCode } from "./sections";

export class ExtractRuleError extends Error {}

const ExtractForm = z.object({
  sections: z.array(z.enum(SECTION_CODES as [SectionCode, ...SectionCode[]], { error: "Неизвестный раздел" })).min(1, "Выберите хотя бы один раздел"),
  years: z.array(z.string().regex(/^\d{4}\/\d{4}$/, "Неверный учебный год")).max(20),
  purpose: z.string().trim().min(3, "Укажите цель: для чего нужна выписка").max(300, "Цель: не длиннее 300 символов"),
  thumbnails: z.boolean(),
});
export type ExtractInput = z.infer<typeof ExtractForm>;

export function parseExtractForm(form: FormData): { ok: true; value: ExtractInput } | { ok: false; error: string } {
  const parsed = ExtractForm.safeParse({
    sections: form.getAll("section").map(String),
    years: form.getAll("year").map(String),
    purpose: String(form.get("purpose") ?? ""),
    thumbnails: form.get("thumbnails") === "on",
  });
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message };
  // In the portfolio's own order, each once.
  return { ok: true, value: { ...parsed.data, sections: SECTION_CODES.filter((s) => parsed.data.sections.includes(s)), years: [...new Set(parsed.data.years)].sort() } };
}

/** A parent asks for an extract for their own child; anyone else gets 404. */
export async function requestExtract(request: Request, user: PublicUser, studentId: string, input: ExtractInput) {
  const schoolId = schoolOf(user);
  if (!mongoose.isValidObjectId(studentId)) notFound();
  const student = await StudentModel.findOne({ _id: studentId, schoolId }).lean<Student>();
  if (!student || !isRepresentative(user, student)) notFound();
  const open = await ExtractRequestModel.countDocuments({ schoolId, studentId: student._id, status: "requested" });
  if (open >= 5) throw new ExtractRuleError("У вас уже пять заявлений на рассмотрении: дождитесь ответа школы.");
  const created = await ExtractRequestModel.create({ schoolId, studentId: student._id, requestedBy: user._id, requestedByName: fullName(user), requestedAt: new Date(), ...input });
  await audit(request, user, {
    action: "create",
    entity: "extract",
    entityId: String(created._id),
    studentId: student._id,
    summary: `Заявление на выписку: ${input.sections.map((s) => PORTFOLIO_SECTIONS[s].label).join("; ")}`,
  });
  return created;
}

export interface ExtractView {
  id: string;
  studentId: string;
  studentName: string;
  requestedAt: Date;
  requestedByName: string;
  sections: string[];
  years: string[];
  thumbnails: boolean;
  purpose: string;
  state: keyof typeof EXTRACT_STATES;
  stateLabel: string;
  decidedByName: string;
  decidedAt: Date | null;
  refusalReason: string;
  document: { id: string; code: string; sha256: string; issuedAt: Date; withdrawnAt: Date | null; withdrawReason: string } | null;
}

async function viewsOf(schoolId: Types.ObjectId, requests: ExtractRequest[]): Promise<ExtractView[]> {
  const [documents, students] = await Promise.all([
    documentsOfExtracts(requests.map((r) => r._id)),
    StudentModel.find({ schoolId, _id: { $in: requests.map((r) => r.studentId) } }, { lastName: 1, firstName: 1, middleName: 1 }).lean<Student[]>(),
  ]);
  const names = new Map(students.map((s) => [String(s._id), fullName(s)]));
  return requests.map((r) => {
    const doc = documents.get(String(r._id));
    const state = extractState(r, doc);
    return {
      id: String(r._id),
      studentId: String(r.studentId),
      studentName: names.get(String(r.studentId)) ?? "",
      requestedAt: r.requestedAt,
      requestedByName: r.requestedByName,
      sections: r.sections.map((s) => PORTFOLIO_SECTIONS[s as SectionCode]?.label ?? s),
      years: r.years,
      thumbnails: r.thumbnails,
      purpose: r.purpose,
      state,
      stateLabel: EXTRACT_STATES[state],
      decidedByName: doc ? doc.issuedByName : r.decidedByName,
      decidedAt: doc ? doc.issuedAt : (r.decidedAt ?? null),
      refusalReason: r.refusalReason,
      document: doc ? { id: String(doc._id), code: doc.code, sha256: doc.sha256, issuedAt: doc.issuedAt, withdrawnAt: doc.withdrawnAt ?? null, withdrawReason: doc.withdrawReason } : null,
    };
  });
}

/** A student's extract requests, newest first, for their family (the parent who may ask, and the student). */
export async function extractsOfStudent(user: PublicUser, studentId: Types.ObjectId) {
  const schoolId = schoolOf(user);
  const requests = await ExtractRequestModel.find({ schoolId, studentId }).sort({ requestedAt: -1 }).limit(100).lean<ExtractRequest[]>();
  return viewsOf(schoolId, requests);
}

/** What a class teacher (their class) or the admin (the school) decides: open requests, then the latest decided. */
export async function extractQueue(user: PublicUser) {
  const schoolId = schoolOf(user);
  const students = await verifiableStudentIds(user);
  const scope = { schoolId, ...(students ? { studentId: { $in: students } } : {}) };
  const [open, decided] = await Promise.all([
    ExtractRequestModel.find({ ...scope, status: "requested" }).sort({ requestedAt: 1 }).limit(500).lean<ExtractRequest[]>(),
    ExtractRequestModel.find({ ...scope, status: { $ne: "requested" } }).sort({ decidedAt: -1 }).limit(100).lean<ExtractRequest[]>(),
  ]);
  return { open: await viewsOf(schoolId, open), decided: await viewsOf(schoolId, decided) };
}

/** The request if this user decides for its student, else 404. */
async function decidable(user: PublicUser, extractId: string) {
  const schoolId = schoolOf(user);
  if (!mongoose.isValidObjectId(extractId)) notFound();
  const found = await ExtractRequestModel.findOne({ _id: extractId, schoolId }).lean<ExtractRequest>();
  if (!found || !includesId(await verifiableStudentIds(user), found.studentId)) notFound();
  return found;
}

export async function approveExtract(request: Request, user: PublicUser, extractId: string) {
  const found = await decidable(user, extractId);
  if (found.status !== "requested") throw new ExtractRuleError("Заявление уже рассмотрено");
  const { document } = await issuePortfolio({
    schoolId: found.schoolId,
    studentId: found.studentId,
    kind: "extract",
    options: { sections: found.sections as SectionCode[], years: found.years, thumbnails: found.thumbnails },
    issuer: user,
    origin: publicOrigin(request),
    purpose: found.purpose,
    extractId: found._id,
    keep: true,
  });
  await ExtractRequestModel.updateOne({ _id: found._id }, { $set: { status: "approved", decidedBy: user._id, decidedByName: fullName(user), decidedAt: document.issuedAt } });
  await audit(request, user, { action: "create", entity: "document", entityId: String(document._id), studentId: found.studentId, summary: `Выдана выписка, код ${document.code}, SHA-256 ${document.sha256}` });
  return document;
}

export async function refuseExtract(request: Request, user: PublicUser, extractId: string, reason: string) {
  const found = await decidable(user, extractId);
  const text = reason.trim();
  if (text.length < 3) throw new ExtractRuleError("Укажите причину отказа");
  if (text.length > 500) throw new ExtractRuleError("Причина: не длиннее 500 символов");
  const updated = await ExtractRequestModel.updateOne({ _id: found._id, status: "requested" }, { $set: { status: "refused", decidedBy: user._id, decidedByName: fullName(user), decidedAt: new Date(), refusalReason: text } });
  if (updated.modifiedCount === 0) throw new ExtractRuleError("Заявление уже рассмотрено");
  await audit(request, user, { action: "update", entity: "extract", entityId: String(found._id), studentId: found.studentId, summary: `Отказ в выписке: ${text}` });
}

/** Withdraws an issued document (its verify page then says so); once, with a reason. */
export async function withdrawDocument(request: Request, user: PublicUser, documentId: string, reason: string) {
  const schoolId = schoolOf(user);
  if (!mongoose.isValidObjectId(documentId)) notFound();
  const doc = await IssuedDocumentModel.findOne({ _id: documentId, schoolId }).lean<IssuedDocument>();
  if (!doc || !includesId(await verifiableStudentIds(user), doc.studentId)) notFound();
  const text = reason.trim();
  if (text.length < 3) throw new ExtractRuleError("Укажите причину отзыва");
  if (text.length > 500) throw new ExtractRuleError("Причина: не длиннее 500 символов");
  const updated = await IssuedDocumentModel.updateOne({ _id: doc._id, withdrawnAt: null }, { $set: { withdrawnAt: new Date(), withdrawnByName: fullName(user), withdrawReason: text } });
  if (updated.modifiedCount === 0) throw new ExtractRuleError("Документ уже отозван");
  await audit(request, user, { action: "update", entity: "document", entityId: String(doc._id), studentId: doc.studentId, summary: `Документ ${doc.code} отозван: ${text}` });
}

/** An issued extract for the child's family to download: the parent or the student themself, else 404. */
export async function extractForFamily(user: PublicUser, extractId: string) {
  const schoolId = schoolOf(user);
  if (!mongoose.isValidObjectId(extractId)) notFound();
  const found = await ExtractRequestModel.findOne({ _id: extractId, schoolId }).lean<ExtractRequest>();
  if (!found || !includesId(await reachableStudentIds(user), found.studentId)) notFound();
  const doc = await IssuedDocumentModel.findOne({ extractId: found._id, schoolId }).lean<IssuedDocument>();
  if (!doc || doc.withdrawnAt) notFound();
  return doc;
}

/** The school years a student has records in, newest first: what a family may narrow an extract to. */
export async function studentYears(schoolId: Types.ObjectId, studentId: Types.ObjectId) {
  const enrolments = await EnrolmentModel.find({ schoolId, studentId }, { yearId: 1 }).lean<{ yearId: Types.ObjectId }[]>();
  const years = await AcademicYearModel.find({ schoolId, _id: { $in: enrolments.map((e) => e.yearId) } }, { name: 1, startDate: 1 }).sort({ startDate: -1 }).lean<{ name: string }[]>();
  return years.map((y) => y.name);
}
