// An application as the pages and the decision's PDF show it: the student's and the class's
// names, the subject, the decision in force with its PDF, and the history of decisions.
import type { Types } from "mongoose";
import { className, findClasses } from "~models/class.server";
import { decisionInForce, type CreditApplication, type CreditDecision } from "~models/credit.server";
import { listIssuedDocuments } from "~models/document.server";
import { fullName, listStudentNames } from "~models/student.server";
import { listSubjects } from "~models/subject.server";
import { CREDIT_OUTCOMES, creditMarkLabel, creditPeriodLabel } from "~models/vocabulary/credits";

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

/** The views of applications of one school, in their order. */
export async function creditViews(schoolId: Types.ObjectId, applications: CreditApplication[]): Promise<CreditView[]> {
  if (applications.length === 0) return [];
  const [subjects, students, classes, documents] = await Promise.all([
    listSubjects(schoolId),
    listStudentNames({ schoolId, studentIds: applications.map((a) => a.studentId) }),
    findClasses({ schoolId, classIds: applications.map((a) => a.classId) }),
    listIssuedDocuments({ schoolId, documentIds: applications.flatMap((a) => a.decisions.map((d) => d.documentId).filter((id): id is Types.ObjectId => !!id)) }),
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
