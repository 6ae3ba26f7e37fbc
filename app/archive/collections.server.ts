// The archive's collections and where each lives in the database: the export reads and the
// restore writes them through the driver, not mongoose, so a document goes out and comes back
// exactly as stored (no defaults added, no casting).
import mongoose from "mongoose";
import { AcademicYearModel } from "~models/academic-year.server";
import { AchievementModel } from "~models/achievement.server";
import { ExternalResultSetModel } from "~models/assessment.server";
import { AuditModel } from "~models/audit.server";
import { ClassModel } from "~models/class.server";
import { CreditApplicationModel, CreditRulesModel } from "~models/credit.server";
import { ExtractRequestModel, IssuedDocumentModel } from "~models/document.server";
import { EvidenceModel } from "~models/evidence.server";
import { GiftedListModel, GiftedRecordModel } from "~models/gifted.server";
import { ResultSetModel, ResultsImportModel, ResultsStateModel } from "~models/results.server";
import { SchoolModel } from "~models/school.server";
import { EnrolmentModel, StudentModel } from "~models/student.server";
import { SubjectModel } from "~models/subject.server";
import { SupportCaseModel } from "~models/support.server";
import { UserModel } from "~models/user.server";
import type { ArchiveCollection } from "./format";

const MODELS: Record<ArchiveCollection, mongoose.Model<any>> = {
  schools: SchoolModel,
  academicYears: AcademicYearModel,
  subjects: SubjectModel,
  users: UserModel,
  classes: ClassModel,
  students: StudentModel,
  enrolments: EnrolmentModel,
  resultsImports: ResultsImportModel,
  resultSets: ResultSetModel,
  resultsState: ResultsStateModel,
  externalResults: ExternalResultSetModel,
  evidence: EvidenceModel,
  achievements: AchievementModel,
  supportCases: SupportCaseModel,
  giftedLists: GiftedListModel,
  giftedRecords: GiftedRecordModel,
  creditRules: CreditRulesModel,
  creditApplications: CreditApplicationModel,
  extractRequests: ExtractRequestModel,
  issuedDocuments: IssuedDocumentModel,
  auditLog: AuditModel,
};

export function collectionOf(name: ArchiveCollection) {
  const db = mongoose.connection.db;
  if (!db) throw new Error("database is not connected");
  return db.collection(MODELS[name].collection.collectionName);
}
