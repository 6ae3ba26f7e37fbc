import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { AchievementModel } from "./achievement.server";
import { CreditApplicationModel } from "./credit.server";
import { ExtractRequestModel } from "./document.server";
import { GiftedRecordModel } from "./gifted.server";
import { SupportCaseModel } from "./support.server";

const StudentSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    lastName: { type: String, required: true, trim: true },
    firstName: { type: String, required: true, trim: true },
    middleName: { type: String, trim: true, default: "" },
    birthDate: { type: Date, required: true },
    gender: { type: String, enum: ["m", "f"], required: true },
    enrolledAt: { type: Date, required: true },
    leftAt: { type: Date, default: null },
    // When the personal file was removed at the end of its storage period (the name and marks in
    // the class registers stay): see app/archive/retention.server.ts.
    personalFileRemovedAt: { type: Date, default: null },
    // Legal representatives (parents' user accounts): the only family members who see the record.
    representativeIds: { type: [Schema.Types.ObjectId], ref: "User", default: [] },
  },
  { timestamps: true },
);
StudentSchema.index({ schoolId: 1, lastName: 1, firstName: 1 });
StudentSchema.index({ schoolId: 1, representativeIds: 1 });

// A student's class in each school year: one enrolment per student and year.
const EnrolmentSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    studentId: { type: Schema.Types.ObjectId, ref: "Student", required: true },
    yearId: { type: Schema.Types.ObjectId, ref: "AcademicYear", required: true },
    classId: { type: Schema.Types.ObjectId, ref: "SchoolClass", required: true },
  },
  { timestamps: true },
);
EnrolmentSchema.index({ schoolId: 1, studentId: 1, yearId: 1 }, { unique: true });
EnrolmentSchema.index({ schoolId: 1, classId: 1 });

export type Student = InferSchemaType<typeof StudentSchema> & { _id: Types.ObjectId };
export type Enrolment = InferSchemaType<typeof EnrolmentSchema> & { _id: Types.ObjectId };

export const StudentModel = mongoose.models.Student ?? mongoose.model("Student", StudentSchema);
export const EnrolmentModel = mongoose.models.Enrolment ?? mongoose.model("Enrolment", EnrolmentSchema);

export const fullName = (s: { lastName: string; firstName: string; middleName?: string | null }) =>
  [s.lastName, s.firstName, s.middleName].filter(Boolean).join(" ");

const LIST_PROJECTION = { lastName: 1, firstName: 1, middleName: 1, birthDate: 1, leftAt: 1 } as const;
export type StudentListItem = Pick<Student, "_id" | "lastName" | "firstName" | "middleName" | "birthDate" | "leftAt">;

/** Students of the given classes, sorted the Russian way (ё in its place). */
export async function listStudentsOfClasses(schoolId: Types.ObjectId | string, classIds: Types.ObjectId[]) {
  const enrolments = await EnrolmentModel.find({ schoolId, classId: { $in: classIds } }, { studentId: 1, classId: 1 }).lean<Enrolment[]>();
  const students = await StudentModel.find({ schoolId, _id: { $in: enrolments.map((e) => e.studentId) } }, LIST_PROJECTION)
    .sort({ lastName: 1, firstName: 1, middleName: 1 })
    .collation({ locale: "ru" })
    .lean<StudentListItem[]>();
  const classOf = new Map(enrolments.map((e) => [String(e.studentId), e.classId]));
  return students.map((s) => ({ ...s, classId: classOf.get(String(s._id))! }));
}

/**
 * One student, only if `allowedIds` (the asker's reach, see app/auth/access.server.ts) includes
 * them or the asker reaches the whole school (`allowedIds` null). Anything else is null → 404.
 */
export async function getStudent(schoolId: Types.ObjectId | string, studentId: string, allowedIds: Types.ObjectId[] | null) {
  if (!mongoose.isValidObjectId(studentId)) return null;
  if (allowedIds && !allowedIds.some((id) => String(id) === studentId)) return null;
  return StudentModel.findOne({ _id: studentId, schoolId }).lean<Student>();
}

export async function listChildrenOf(schoolId: Types.ObjectId | string, parentId: Types.ObjectId | string) {
  return StudentModel.find({ schoolId, representativeIds: parentId }, LIST_PROJECTION)
    .sort({ lastName: 1, firstName: 1 })
    .collation({ locale: "ru" })
    .lean<StudentListItem[]>();
}

export async function getEnrolment(schoolId: Types.ObjectId | string, studentId: Types.ObjectId | string, yearId: Types.ObjectId | string) {
  return EnrolmentModel.findOne({ schoolId, studentId, yearId }).lean<Enrolment>();
}

export type StudentNameAndBirth = Pick<Student, "_id" | "lastName" | "firstName" | "middleName" | "birthDate">;

/** The names and birth dates of the given students (in no particular order): what a file's rows are matched against. */
export async function listStudentNamesByIds({ schoolId, studentIds }: { schoolId: Types.ObjectId | string; studentIds: Types.ObjectId[] }) {
  return StudentModel.find({ schoolId, _id: { $in: studentIds } }, { lastName: 1, firstName: 1, middleName: 1, birthDate: 1 }).lean<StudentNameAndBirth[]>();
}

/** Every enrolment (each year's class) of the given students. */
export async function listEnrolmentsOfStudents({ schoolId, studentIds }: { schoolId: Types.ObjectId | string; studentIds: (Types.ObjectId | string)[] }) {
  return EnrolmentModel.find({ schoolId, studentId: { $in: studentIds } }).lean<Enrolment[]>();
}

/** Who was in which class in the given years. */
export async function listEnrolmentsOfYears({ schoolId, yearIds }: { schoolId: Types.ObjectId | string; yearIds: (Types.ObjectId | string)[] }) {
  return EnrolmentModel.find({ schoolId, yearId: { $in: yearIds } }, { studentId: 1, classId: 1 }).lean<Pick<Enrolment, "studentId" | "classId">[]>();
}

/** The ids of a class's students, in the order they were enrolled. */
export async function listStudentIdsOfClass({ schoolId, classId }: { schoolId: Types.ObjectId | string; classId: Types.ObjectId | string }) {
  const enrolments = await EnrolmentModel.find({ schoolId, classId }, { studentId: 1 }).sort({ _id: 1 }).lean<Pick<Enrolment, "studentId">[]>();
  return enrolments.map((e) => e.studentId);
}

export async function countStudents(schoolId: Types.ObjectId | string) {
  return StudentModel.countDocuments({ schoolId, leftAt: null });
}

export type StudentName = Pick<Student, "_id" | "lastName" | "firstName" | "middleName">;
const NAME_PROJECTION = { lastName: 1, firstName: 1, middleName: 1 } as const;

/** The names of the given students of the school (in no particular order). */
export async function listStudentNames({ schoolId, studentIds }: { schoolId: Types.ObjectId | string; studentIds: (Types.ObjectId | string)[] }) {
  return StudentModel.find({ schoolId, _id: { $in: studentIds } }, NAME_PROJECTION).lean<StudentName[]>();
}

/** One student's name, or null if the school has no such student. */
export async function getStudentName({ schoolId, studentId }: { schoolId: Types.ObjectId | string; studentId: Types.ObjectId | string }) {
  if (!mongoose.isValidObjectId(studentId)) return null;
  return StudentModel.findOne({ _id: studentId, schoolId }, NAME_PROJECTION).lean<StudentName>();
}

/** Whether the school has this student (false for anything that is not an id). */
export async function studentExists({ schoolId, studentId }: { schoolId: Types.ObjectId | string; studentId: string }) {
  if (!mongoose.isValidObjectId(studentId)) return false;
  return (await StudentModel.exists({ _id: studentId, schoolId })) !== null;
}

/** The ids of the students a parent is the legal representative of. */
export async function listChildIds({ schoolId, parentId }: { schoolId: Types.ObjectId | string; parentId: Types.ObjectId | string }) {
  const children = await StudentModel.find({ schoolId, representativeIds: parentId }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>();
  return children.map((c) => c._id);
}

/**
 * Makes a parent a legal representative of a student of the school, or no longer one, in one
 * conditional write: the student's id, or null if the school has no such student.
 */
export async function setRepresentative({ schoolId, studentId, parentId, represents }: { schoolId: Types.ObjectId | string; studentId: string; parentId: Types.ObjectId; represents: boolean }) {
  const _id = new mongoose.Types.ObjectId(studentId);
  const result = await StudentModel.updateOne(
    { _id, schoolId },
    represents ? { $addToSet: { representativeIds: parentId } } : { $pull: { representativeIds: parentId } },
  );
  return result.matchedCount === 0 ? null : _id;
}

/** The ids of the students enrolled in the given classes (one per enrolment). */
export async function listStudentIdsOfClasses({ schoolId, classIds }: { schoolId: Types.ObjectId | string; classIds: Types.ObjectId[] }) {
  const enrolments = await EnrolmentModel.find({ schoolId, classId: { $in: classIds } }, { studentId: 1 }).lean<Pick<Enrolment, "studentId">[]>();
  return enrolments.map((e) => e.studentId);
}

/** How many students each of the given classes has, by the class's id as a string (classes without any are left out). */
export async function countStudentsByClass({ schoolId, classIds }: { schoolId: Types.ObjectId | string; classIds: Types.ObjectId[] }) {
  const rows = await EnrolmentModel.aggregate<{ _id: Types.ObjectId; n: number }>([
    { $match: { schoolId: new mongoose.Types.ObjectId(String(schoolId)), classId: { $in: classIds } } },
    { $group: { _id: "$classId", n: { $sum: 1 } } },
  ]);
  return new Map(rows.map((row) => [String(row._id), row.n]));
}

export interface NewStudent {
  _id: Types.ObjectId;
  lastName: string;
  firstName: string;
  middleName?: string;
  gender: "m" | "f";
  birthDate: Date;
  enrolledAt: Date;
}

/** New students of a school in one write (the seeds): their ids are the caller's. */
export async function insertStudents({ schoolId, students }: { schoolId: Types.ObjectId; students: NewStudent[] }) {
  await StudentModel.insertMany(students.map((s) => ({ ...s, schoolId })));
}

/** Enrolments (a student's class in a year) of a school in one write (the seeds). */
export async function insertEnrolments({ schoolId, enrolments }: { schoolId: Types.ObjectId; enrolments: { studentId: Types.ObjectId; yearId: Types.ObjectId; classId: Types.ObjectId }[] }) {
  await EnrolmentModel.insertMany(enrolments.map((e) => ({ schoolId, ...e })));
}

/** The students left the school on this date (a cohort that graduated). */
export async function setStudentsLeftAt({ schoolId, studentIds, leftAt }: { schoolId: Types.ObjectId | string; studentIds: Types.ObjectId[]; leftAt: Date }) {
  await StudentModel.updateMany({ _id: { $in: studentIds }, schoolId }, { $set: { leftAt } });
}

/** The ids of the school's students, those who left too (at most `limit` when given). */
export async function listStudentIds({ schoolId, limit }: { schoolId: Types.ObjectId | string; limit?: number }) {
  const query = StudentModel.find({ schoolId }, { _id: 1 });
  if (limit !== undefined) query.limit(limit);
  return (await query.lean<{ _id: Types.ObjectId }[]>()).map((s) => s._id);
}

/** The school's students, those who left too. */
export async function countStudentRecords({ schoolId }: { schoolId: Types.ObjectId | string }) {
  return StudentModel.countDocuments({ schoolId });
}

/** Every student of the installation, of every school, those who left too. */
export async function countAllStudents() {
  return StudentModel.countDocuments();
}

/** Who is in which of the given classes: one line per enrolment. */
export async function listEnrolmentsOfClasses({ schoolId, classIds }: { schoolId: Types.ObjectId | string; classIds: Types.ObjectId[] }) {
  return EnrolmentModel.find({ schoolId, classId: { $in: classIds } }, { studentId: 1, classId: 1 }).lean<Pick<Enrolment, "_id" | "studentId" | "classId">[]>();
}

/** Of the given students of the school, those who have not left (ids only). */
export async function listStudentIdsNotLeft({ schoolId, studentIds }: { schoolId: Types.ObjectId | string; studentIds: Types.ObjectId[] }) {
  return (await StudentModel.find({ schoolId, _id: { $in: studentIds }, leftAt: null }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>()).map((s) => s._id);
}

/** The student leaves the school on this date, unless they left already. */
export async function markStudentLeft({ schoolId, studentId, leftAt }: { schoolId: Types.ObjectId | string; studentId: Types.ObjectId; leftAt: Date }) {
  await StudentModel.updateOne({ _id: studentId, schoolId, leftAt: null }, { $set: { leftAt } });
}

/** The student's class in that year, unless they have one there already (which stays as it is). */
export async function ensureEnrolment({ schoolId, studentId, yearId, classId }: { schoolId: Types.ObjectId; studentId: Types.ObjectId; yearId: Types.ObjectId; classId: Types.ObjectId }) {
  await EnrolmentModel.updateOne({ schoolId, studentId, yearId }, { $setOnInsert: { schoolId, studentId, yearId, classId } }, { upsert: true });
}

/** Students who left by `leftBy` and whose personal file is still kept, earliest leavers first, at most `limit`. */
export async function listLeaversWithPersonalFile({ schoolId, leftBy, limit }: { schoolId: Types.ObjectId | string; leftBy: Date; limit: number }) {
  return StudentModel.find({ schoolId, leftAt: { $ne: null, $lte: leftBy }, personalFileRemovedAt: null })
    .sort({ leftAt: 1 })
    .limit(limit)
    .lean<Student[]>();
}

/**
 * Deletes a student's own records kept in the personal file, in this order: achievements with every
 * version, credit applications, extract requests, the gifted-register record, support. How many of
 * each went. (Documents and issued files are removed by their own stores; the student stays.)
 */
export async function removePersonalRecords({ schoolId, studentId }: { schoolId: Types.ObjectId | string; studentId: Types.ObjectId }) {
  const key = { schoolId, studentId };
  return {
    achievements: (await AchievementModel.deleteMany(key)).deletedCount,
    creditApplications: (await CreditApplicationModel.deleteMany(key)).deletedCount,
    extractRequests: (await ExtractRequestModel.deleteMany(key)).deletedCount,
    giftedRecords: (await GiftedRecordModel.deleteMany(key)).deletedCount,
    supportCases: (await SupportCaseModel.deleteMany(key)).deletedCount,
  };
}

/** The student's personal file was removed at the end of its storage period (the name and marks in the class registers stay). */
export async function markPersonalFileRemoved({ schoolId, studentId }: { schoolId: Types.ObjectId | string; studentId: Types.ObjectId }) {
  await StudentModel.updateOne({ _id: studentId, schoolId }, { $set: { personalFileRemovedAt: new Date() } });
}
