// Family extracts (seed 004 §6.2–6.3: results go to legal representatives on their application):
// a parent asks for their own child, the class teacher or the admin approves (the PDF is issued
// and kept) or refuses with a reason, and an issued extract can be withdrawn. Every step is one
// conditional write and a line in the audit log.
import { notify } from "~/notify/notify.server";
import { childAndFamily } from "~/notify/recipients.server";
import type { Types } from "mongoose";
import { includesId, isRepresentative, notFound, reachableStudentIds, schoolOf, verifiableStudentIds } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import { Conflict, RefusedByRule } from "~/http/refusals";
import { listYearsByIds } from "~models/academic-year.server";
import {
  EXTRACT_STATES,
  countOpenExtractRequests,
  documentsOfExtracts,
  extractState,
  getDocumentOfExtract,
  getExtractRequest,
  getIssuedDocument,
  insertExtractRequests,
  listDecidedExtractRequests,
  listOpenExtractRequests,
  listStudentExtractRequests,
  markExtractApproved,
  markExtractRefused,
  withdrawIssuedDocument,
  type ExtractRequest,
} from "~models/document.server";
import { fullName, getStudent, listEnrolmentsOfStudents, listStudentNames } from "~models/student.server";
import type { PublicUser } from "~models/user.server";
import type { ExtractInput } from "./forms";
import { issuePortfolio, publicOrigin } from "./issue.server";
import { PORTFOLIO_SECTIONS, sectionsInBrief, type SectionCode } from "./sections";

/** A parent asks for an extract for their own child; anyone else gets 404. */
export async function requestExtract(request: Request, user: PublicUser, studentId: string, input: ExtractInput) {
  const schoolId = schoolOf(user);
  const student = await getStudent(schoolId, studentId, null);
  if (!student || !isRepresentative(user, student)) notFound();
  const open = await countOpenExtractRequests({ schoolId, studentIds: [student._id] });
  if (open >= 5) throw new RefusedByRule("У вас уже пять заявлений на рассмотрении: дождитесь ответа школы.");
  const [created] = await insertExtractRequests({ schoolId, requests: [{ studentId: student._id, requestedBy: user._id, requestedByName: fullName(user), requestedAt: new Date(), sections: input.section, years: input.year, thumbnails: input.thumbnails, purpose: input.purpose }] });
  await audit(request, user, {
    action: "create",
    entity: "extract",
    entityId: String(created._id),
    studentId: student._id,
    summary: `Заявление на выписку: ${input.section.map((s) => PORTFOLIO_SECTIONS[s].label).join("; ")}`,
  });
  return created;
}

export interface ExtractView {
  id: string;
  studentId: string;
  studentName: string;
  requestedAt: Date;
  requestedByName: string;
  /** The sections in few words: «всё портфолио», or their short names. */
  sections: string;
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
    listStudentNames({ schoolId, studentIds: requests.map((r) => r.studentId) }),
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
      sections: sectionsInBrief(r.sections),
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
  const requests = await listStudentExtractRequests({ schoolId, studentId });
  return viewsOf(schoolId, requests);
}

/** What a class teacher (their class) or the admin (the school) decides: open requests, then the latest decided. */
export async function extractQueue(user: PublicUser) {
  const schoolId = schoolOf(user);
  const studentIds = await verifiableStudentIds(user);
  const [open, decided] = await Promise.all([listOpenExtractRequests({ schoolId, studentIds }), listDecidedExtractRequests({ schoolId, studentIds })]);
  return { open: await viewsOf(schoolId, open), decided: await viewsOf(schoolId, decided) };
}

/** The request if this user decides for its student, else 404. */
async function decidable(user: PublicUser, extractId: string) {
  const found = await getExtractRequest({ schoolId: schoolOf(user), extractId });
  if (!found || !includesId(await verifiableStudentIds(user), found.studentId)) notFound();
  return found;
}

export async function approveExtract(request: Request, user: PublicUser, extractId: string) {
  const found = await decidable(user, extractId);
  if (found.status !== "requested") throw new Conflict("Заявление уже рассмотрено");
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
  await markExtractApproved({ schoolId: found.schoolId, extractId: found._id, decidedBy: user._id, decidedByName: fullName(user), decidedAt: document.issuedAt });
  await audit(request, user, { action: "create", entity: "document", entityId: String(document._id), studentId: found.studentId, summary: `Выдана выписка, код ${document.code}, SHA-256 ${document.sha256}` });
  const { firstName, family } = await childAndFamily(found.schoolId, found.studentId);
  await notify(found.schoolId, [...family, found.requestedBy], { kind: "extract-issued", text: `Выписка из портфолио (${firstName}) готова: её можно скачать`, link: `/family/${found.studentId}/extracts`, firstName });
  return document;
}

/** Refuses a waiting request with the reason the family reads (checked by RefuseExtractSchema). */
export async function refuseExtract(request: Request, user: PublicUser, { id: extractId, reason: text }: { id: string; reason: string }) {
  const found = await decidable(user, extractId);
  const refused = await markExtractRefused({ schoolId: found.schoolId, extractId: found._id, decidedBy: user._id, decidedByName: fullName(user), reason: text });
  if (!refused) throw new Conflict("Заявление уже рассмотрено");
  await audit(request, user, { action: "update", entity: "extract", entityId: String(found._id), studentId: found.studentId, summary: `Отказ в выписке: ${text}` });
  const { firstName, family } = await childAndFamily(found.schoolId, found.studentId);
  await notify(found.schoolId, [...family, found.requestedBy], { kind: "extract-refused", text: `В выписке из портфолио (${firstName}) отказано. Причина: ${text}`, link: `/family/${found.studentId}/extracts`, firstName });
}

/** Withdraws an issued document (its verify page then says so); once, with a reason. */
export async function withdrawDocument(request: Request, user: PublicUser, { id: documentId, reason: text }: { id: string; reason: string }) {
  const schoolId = schoolOf(user);
  const doc = await getIssuedDocument({ schoolId, documentId });
  if (!doc || !includesId(await verifiableStudentIds(user), doc.studentId)) notFound();
  const withdrawn = await withdrawIssuedDocument({ schoolId, documentId: doc._id, withdrawnByName: fullName(user), reason: text });
  if (!withdrawn) throw new Conflict("Документ уже отозван");
  await audit(request, user, { action: "update", entity: "document", entityId: String(doc._id), studentId: doc.studentId, summary: `Документ ${doc.code} отозван: ${text}` });
}

/** An issued extract for the child's family to download: the parent or the student themself, else 404. */
export async function extractForFamily(user: PublicUser, extractId: string) {
  const schoolId = schoolOf(user);
  const found = await getExtractRequest({ schoolId, extractId });
  if (!found || !includesId(await reachableStudentIds(user), found.studentId)) notFound();
  const doc = await getDocumentOfExtract({ schoolId, extractId: found._id });
  if (!doc || doc.withdrawnAt) notFound();
  return doc;
}

/** The school years a student has records in, newest first: what a family may narrow an extract to. */
export async function studentYears(schoolId: Types.ObjectId, studentId: Types.ObjectId) {
  const enrolments = await listEnrolmentsOfStudents({ schoolId, studentIds: [studentId] });
  const years = await listYearsByIds({ schoolId, yearIds: enrolments.map((e) => e.yearId), order: "newestFirst" });
  return years.map((y) => y.name);
}
