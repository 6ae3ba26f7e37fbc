import { schoolYearName, schoolYearStart } from "~/domain/school-year";
import mongoose, { type Types } from "mongoose";
import { getCurrentYear } from "~models/academic-year.server";
import { ClassModel } from "~models/class.server";
import { StudentModel, EnrolmentModel } from "~models/student.server";
import { UserModel } from "~models/user.server";
import { AchievementModel } from "~models/achievement.server";
import { ExtractRequestModel, IssuedDocumentModel } from "~models/document.server";
import { CreditApplicationModel } from "~models/credit.server";

/** Ids in the demo school that the access tests need: whose child is whose, which class is which. */
export async function demoIds() {
  const user = async (login: string) => (await UserModel.findOne({ login }).lean<{ _id: Types.ObjectId; schoolId: Types.ObjectId }>())!;
  const admin = await user("admin");
  const schoolId = admin.schoolId;
  const year = (await getCurrentYear(schoolId))!;
  const cls = async (grade: number, letter: string) => (await ClassModel.findOne({ schoolId, yearId: year._id, grade, letter }).lean<{ _id: Types.ObjectId }>())!._id;
  const parent = await user("parent");
  const parent2 = await user("parent2");
  const childA = (await StudentModel.findOne({ representativeIds: parent._id }).lean<{ _id: Types.ObjectId }>())!._id;
  const childB = (await StudentModel.findOne({ representativeIds: parent2._id }).lean<{ _id: Types.ObjectId }>())!._id;
  const class9b = await cls(9, "Б");
  const student9b = (await EnrolmentModel.findOne({ classId: class9b }).lean<{ studentId: Types.ObjectId }>())!.studentId;
  const achievementOf = async (studentIds: Types.ObjectId[], status: string) =>
    (await AchievementModel.findOne({ studentId: { $in: studentIds }, status, kind: { $ne: "personal" } }).sort({ _id: 1 }).lean<{ _id: Types.ObjectId; evidence: { fileId: Types.ObjectId }[] }>())!;
  const verifiedA = await achievementOf([childA], "verified");
  const submittedA = await achievementOf([childA], "submitted");
  const class9a = await cls(9, "А");
  const students9a = (await EnrolmentModel.find({ classId: class9a }).lean<{ studentId: Types.ObjectId }[]>()).map((e) => e.studentId);
  const achievement9a = (await AchievementModel.findOne({ studentId: { $in: students9a } }).lean<{ _id: Types.ObjectId }>())!;
  const extractA = (await ExtractRequestModel.findOne({ studentId: childA, status: "approved" }).lean<{ _id: Types.ObjectId }>())!._id;
  const documentA = (await IssuedDocumentModel.findOne({ extractId: extractA }).lean<{ code: string }>())!;
  const lastYear5a = (await ClassModel.findOne({ schoolId, grade: 4, letter: "А", yearId: { $ne: year._id } }).lean<{ _id: Types.ObjectId }>())!._id;
  const creditA = (await CreditApplicationModel.findOne({ studentId: childA }).lean<{ _id: Types.ObjectId; evidence: { fileId: Types.ObjectId }[] }>())!;
  return {
    creditA: String(creditA._id),
    creditFileA: String(creditA.evidence[0].fileId),
    lastYear5a: String(lastYear5a),
    extractA: String(extractA),
    codeA: documentA.code,
    achievementA: String(verifiedA._id),
    fileA: String(verifiedA.evidence[0].fileId),
    submittedA: String(submittedA._id),
    submittedFileA: String(submittedA.evidence[0].fileId),
    achievement9a: String(achievement9a._id),
    schoolId: String(schoolId),
    class5a: String(await cls(5, "А")),
    class9b: String(class9b),
    childA: String(childA),
    childB: String(childB),
    student9b: String(student9b),
    teacherUser: String((await user("teacher"))._id),
    missing: String(new mongoose.Types.ObjectId()),
  };
}

/** The school year the demo is in now (the demo is seeded with today's date). */
export const thisSchoolYear = () => schoolYearName(schoolYearStart(new Date()));

/**
 * A day of the current school year that is not in the future: 1 September plus `days`, at most
 * today. Last year is closed in the demo (read-only), so new achievements are dated this year.
 */
export function dayThisYear(days = 0) {
  const start = Date.UTC(schoolYearStart(new Date()), 8, 1);
  return new Date(Math.min(start + days * 86_400_000, Date.now())).toISOString().slice(0, 10);
}
