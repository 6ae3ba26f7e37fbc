// Every model, so that one call can build all indexes (they carry rules: unique logins, one class
// per student per year) before the app serves or a test runs; and the writes that span every
// collection (removing a school, emptying the database).
import type { Types } from "mongoose";
import { AcademicYearModel } from "./academic-year.server";
import { ArchiveExportModel } from "./archive.server";
import { ExamThresholdsModel, ExternalResultSetModel } from "./assessment.server";
import { LoadedIndicatorsModel, MunicipalEntryModel, MunicipalSettingsModel, QualityProgrammeModel } from "./municipal.server";
import { AuditModel } from "./audit.server";
import { ClassModel } from "./class.server";
import { ThrottleModel } from "./login-throttle.server";
import { MetaModel } from "./meta.server";
import { AchievementModel } from "./achievement.server";
import { EvidenceModel, evidenceBucket } from "./evidence.server";
import { ExtractRequestModel, IssuedDocumentModel, StatusBitModel, documentsBucket } from "./document.server";
import { GiftedListModel, GiftedRecordModel } from "./gifted.server";
import { CreditApplicationModel, CreditRulesModel } from "./credit.server";
import { ResultSetModel, ResultsImportModel, ResultsStateModel } from "./results.server";
import { SupportCaseModel } from "./support.server";
import { SchoolModel } from "./school.server";
import { SessionModel } from "./session.server";
import { EnrolmentModel, StudentModel } from "./student.server";
import { SubjectModel } from "./subject.server";
import { UserModel } from "./user.server";
import { StagedUserImportModel } from "./user-import.server";
import { StagedRosterImportModel } from "./roster-import.server";
import { NotificationModel } from "./notification.server";
import { SigningCertificateModel } from "./signing-certificate.server";
import { CredentialKeyModel } from "./credential-key.server";

export const ALL_MODELS = [
  SchoolModel,
  AcademicYearModel,
  SubjectModel,
  ClassModel,
  StudentModel,
  EnrolmentModel,
  UserModel,
  SessionModel,
  AuditModel,
  ThrottleModel,
  MetaModel,
  AchievementModel,
  EvidenceModel,
  ResultSetModel,
  ResultsStateModel,
  ResultsImportModel,
  SupportCaseModel,
  IssuedDocumentModel,
  ExtractRequestModel,
  GiftedListModel,
  GiftedRecordModel,
  CreditApplicationModel,
  CreditRulesModel,
  ArchiveExportModel,
  ExternalResultSetModel,
  ExamThresholdsModel,
  MunicipalEntryModel,
  MunicipalSettingsModel,
  LoadedIndicatorsModel,
  QualityProgrammeModel,
  StagedUserImportModel,
  StagedRosterImportModel,
  NotificationModel,
  SigningCertificateModel,
  CredentialKeyModel,
  StatusBitModel,
];

// Indexes an earlier version built whose rule no longer holds: dropped where they are still found.
// One enrolment per student and year became one per student, year and class (a move mid-year).
const RETIRED_INDEXES = [{ model: EnrolmentModel, name: "schoolId_1_studentId_1_yearId_1" }];

export async function ensureIndexes() {
  for (const { model, name } of RETIRED_INDEXES) {
    const present = await model.collection.indexExists(name).catch(() => false);
    if (present) await model.collection.dropIndex(name);
  }
  await Promise.all(ALL_MODELS.map((model) => model.init()));
}

/**
 * Everything of one school: its files in both buckets, its records in every collection, the school
 * itself (the demo seed clears what a seed cut off half-way wrote). The installation's markers stay.
 */
export async function deleteSchoolEverywhere({ schoolId }: { schoolId: Types.ObjectId }) {
  for (const bucket of [evidenceBucket(), documentsBucket()]) {
    for await (const file of bucket.find({ "metadata.schoolId": schoolId }, { projection: { _id: 1 } })) await bucket.delete(file._id);
  }
  for (const model of ALL_MODELS) {
    if (model === MetaModel) continue;
    if (model === SchoolModel) await model.deleteOne({ _id: schoolId });
    else if (model.schema.path("schoolId")) await model.deleteMany({ schoolId });
    else if (model.schema.path("schoolRef")) await model.deleteMany({ schoolRef: schoolId });
  }
}

/** Empties every collection, the markers too (the synthetic school's --reset); the file buckets stay as they are. */
export async function deleteAllRecords() {
  for (const model of ALL_MODELS) await model.deleteMany({});
}
