// Every model, so that one call can build all indexes (they carry rules: unique logins, one class
// per student per year) before the app serves or a test runs.
import { AcademicYearModel } from "./academic-year.server";
import { ArchiveExportModel } from "./archive.server";
import { ExamThresholdsModel, ExternalResultSetModel } from "./assessment.server";
import { LoadedIndicatorsModel, MunicipalEntryModel, MunicipalSettingsModel, QualityProgrammeModel } from "./municipal.server";
import { AuditModel } from "./audit.server";
import { ClassModel } from "./class.server";
import { ThrottleModel } from "./login-throttle.server";
import { MetaModel } from "./meta.server";
import { AchievementModel } from "./achievement.server";
import { EvidenceModel } from "./evidence.server";
import { ExtractRequestModel, IssuedDocumentModel } from "./document.server";
import { GiftedListModel, GiftedRecordModel } from "./gifted.server";
import { CreditApplicationModel, CreditRulesModel } from "./credit.server";
import { ResultSetModel, ResultsImportModel, ResultsStateModel } from "./results.server";
import { SupportCaseModel } from "./support.server";
import { SchoolModel } from "./school.server";
import { SessionModel } from "./session.server";
import { EnrolmentModel, StudentModel } from "./student.server";
import { SubjectModel } from "./subject.server";
import { UserModel } from "./user.server";

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
];

export async function ensureIndexes() {
  await Promise.all(ALL_MODELS.map((model) => model.init()));
}
