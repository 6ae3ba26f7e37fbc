import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { AchievementModel } from "./achievement.server";
import { CreditApplicationModel } from "./credit.server";
import { ExtractRequestModel } from "./document.server";
import { GiftedRecordModel } from "./gifted.server";
import { SupportCaseModel } from "./support.server";
import type { RosterParent } from "./vocabulary/roster";

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
    // The journal's own id of the student (the contingent export's), by which its next export is matched.
    externalId: { type: String, trim: true, default: null },
    // СНИЛС as 11 digits (checked on the way in), or empty.
    snils: { type: String, trim: true, default: "" },
    // Where the student went when they left («МБОУ СОШ № 5», «переезд в другой город»).
    leftTo: { type: String, trim: true, default: "" },
    // The parents as the contingent export lists them, whether or not they have an account yet:
    // the bulk accounts are made from these (userId once made or linked).
    parents: {
      type: [
        {
          _id: false,
          lastName: { type: String, required: true, trim: true },
          firstName: { type: String, required: true, trim: true },
          middleName: { type: String, trim: true, default: "" },
          kin: { type: String, trim: true, default: "" },
          phone: { type: String, trim: true, default: "" },
          email: { type: String, trim: true, default: "" },
          userId: { type: Schema.Types.ObjectId, ref: "User", default: null },
        },
      ],
      default: [],
    },
  },
  { timestamps: true },
);
StudentSchema.index({ schoolId: 1, lastName: 1, firstName: 1 });
StudentSchema.index({ schoolId: 1, representativeIds: 1 });
StudentSchema.index({ schoolId: 1, externalId: 1 }, { unique: true, partialFilterExpression: { externalId: { $type: "string" } } });

// A student's class in a school year, from a day until a day: a student who moves to another class
// mid-year has two enrolments that year, the old one closed (`until`), so the marks given in the old
// class stay in its summary and the record shows both. One enrolment per student, year and class.
const EnrolmentSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    studentId: { type: Schema.Types.ObjectId, ref: "Student", required: true },
    yearId: { type: Schema.Types.ObjectId, ref: "AcademicYear", required: true },
    classId: { type: Schema.Types.ObjectId, ref: "SchoolClass", required: true },
    // The first day in this class; null: from the year's start.
    from: { type: Date, default: null },
    // The day the student left this class (moved or left the school); null: still in it.
    until: { type: Date, default: null },
  },
  { timestamps: true },
);
EnrolmentSchema.index({ schoolId: 1, studentId: 1, yearId: 1, classId: 1 }, { unique: true });
EnrolmentSchema.index({ schoolId: 1, classId: 1 });

export type Student = InferSchemaType<typeof StudentSchema> & { _id: Types.ObjectId };
export type Enrolment = InferSchemaType<typeof EnrolmentSchema> & { _id: Types.ObjectId };

export const StudentModel = mongoose.models.Student ?? mongoose.model("Student", StudentSchema);
export const EnrolmentModel = mongoose.models.Enrolment ?? mongoose.model("Enrolment", EnrolmentSchema);

export const fullName = (s: { lastName: string; firstName: string; middleName?: string | null }) =>
  [s.lastName, s.firstName, s.middleName].filter(Boolean).join(" ");

const LIST_PROJECTION = { lastName: 1, firstName: 1, middleName: 1, birthDate: 1, leftAt: 1 } as const;
export type StudentListItem = Pick<Student, "_id" | "lastName" | "firstName" | "middleName" | "birthDate" | "leftAt">;

/** Enrolments still running: the class a student is in now. */
const STILL_IN_CLASS = { until: null } as const;

export type ClassMember = StudentListItem & { classId: Types.ObjectId; from: Date | null; until: Date | null };

/**
 * Students of the given classes, sorted the Russian way (ё in its place): those in them now, or with
 * `withFormer` also those who moved out or left during the year (their marks stay with the class;
 * `until` says when they went). A student who moved between two of the classes appears once per class.
 */
export async function listStudentsOfClasses(schoolId: Types.ObjectId | string, classIds: Types.ObjectId[], { withFormer = false }: { withFormer?: boolean } = {}): Promise<ClassMember[]> {
  const enrolments = await EnrolmentModel.find({ schoolId, classId: { $in: classIds }, ...(withFormer ? {} : STILL_IN_CLASS) }, { studentId: 1, classId: 1, from: 1, until: 1 }).lean<Enrolment[]>();
  const students = await StudentModel.find({ schoolId, _id: { $in: enrolments.map((e) => e.studentId) } }, LIST_PROJECTION)
    .sort({ lastName: 1, firstName: 1, middleName: 1 })
    .collation({ locale: "ru" })
    .lean<StudentListItem[]>();
  const order = new Map(students.map((s, i) => [String(s._id), i]));
  const byId = new Map(students.map((s) => [String(s._id), s]));
  return enrolments
    .filter((e) => byId.has(String(e.studentId)))
    .sort((a, b) => order.get(String(a.studentId))! - order.get(String(b.studentId))! || (a.until ? 0 : 1) - (b.until ? 0 : 1))
    .map((e) => ({ ...byId.get(String(e.studentId))!, classId: e.classId, from: e.from ?? null, until: e.until ?? null }));
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

/** The student's class in that year: the one they are in now, else the last one they were in. */
export async function getEnrolment(schoolId: Types.ObjectId | string, studentId: Types.ObjectId | string, yearId: Types.ObjectId | string) {
  const enrolments = await EnrolmentModel.find({ schoolId, studentId, yearId }).lean<Enrolment[]>();
  return enrolments.find((e) => !e.until) ?? enrolments.sort((a, b) => b.until!.getTime() - a.until!.getTime())[0] ?? null;
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

/** The ids of a class's students now (with `withFormer`, also those who moved out during the year), in the order they were enrolled. */
export async function listStudentIdsOfClass({ schoolId, classId, withFormer = false }: { schoolId: Types.ObjectId | string; classId: Types.ObjectId | string; withFormer?: boolean }) {
  const enrolments = await EnrolmentModel.find({ schoolId, classId, ...(withFormer ? {} : STILL_IN_CLASS) }, { studentId: 1 }).sort({ _id: 1 }).lean<Pick<Enrolment, "studentId">[]>();
  return [...new Map(enrolments.map((e) => [String(e.studentId), e.studentId])).values()];
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

/** The ids of the students in the given classes now (one per enrolment). */
export async function listStudentIdsOfClasses({ schoolId, classIds }: { schoolId: Types.ObjectId | string; classIds: Types.ObjectId[] }) {
  const enrolments = await EnrolmentModel.find({ schoolId, classId: { $in: classIds }, ...STILL_IN_CLASS }, { studentId: 1 }).lean<Pick<Enrolment, "studentId">[]>();
  return enrolments.map((e) => e.studentId);
}

/**
 * How many students each of the given classes has now, by the class's id as a string (classes
 * without any are left out); with `withFormer` also those who moved out or left during the year.
 */
export async function countStudentsByClass({ schoolId, classIds, withFormer = false }: { schoolId: Types.ObjectId | string; classIds: Types.ObjectId[]; withFormer?: boolean }) {
  const rows = await EnrolmentModel.aggregate<{ _id: Types.ObjectId; n: number }>([
    { $match: { schoolId: new mongoose.Types.ObjectId(String(schoolId)), classId: { $in: classIds }, ...(withFormer ? {} : STILL_IN_CLASS) } },
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

/** Who is in which of the given classes now: one line per enrolment. */
export async function listEnrolmentsOfClasses({ schoolId, classIds }: { schoolId: Types.ObjectId | string; classIds: Types.ObjectId[] }) {
  return EnrolmentModel.find({ schoolId, classId: { $in: classIds }, ...STILL_IN_CLASS }, { studentId: 1, classId: 1 }).lean<Pick<Enrolment, "_id" | "studentId" | "classId">[]>();
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

export type RosterStudent = Pick<Student, "_id" | "lastName" | "firstName" | "middleName" | "birthDate" | "gender" | "externalId" | "snils" | "leftAt"> & { parents: StudentParent[] };

/** The id a student about to be made will have (chosen first, so that making them twice makes one). */
export const newStudentId = () => String(new mongoose.Types.ObjectId());

/** Every student of the school, those who left too, with what a contingent file is compared against. */
export async function listStudentsForRoster({ schoolId }: { schoolId: Types.ObjectId | string }) {
  return StudentModel.find({ schoolId }, { lastName: 1, firstName: 1, middleName: 1, birthDate: 1, gender: 1, externalId: 1, snils: 1, parents: 1, leftAt: 1 }).lean<RosterStudent[]>();
}

/** The enrolments of a year still running (who is in which class now). */
export async function listRunningEnrolments({ schoolId, yearId }: { schoolId: Types.ObjectId | string; yearId: Types.ObjectId | string }) {
  return EnrolmentModel.find({ schoolId, yearId, ...STILL_IN_CLASS }, { studentId: 1, classId: 1, from: 1 }).lean<Pick<Enrolment, "studentId" | "classId" | "from">[]>();
}

/** A parent as the student's record lists them: the account once made or linked. */
export type StudentParent = RosterParent & { userId: Types.ObjectId | null };
export type StudentDetails = Pick<Student, "lastName" | "firstName" | "middleName" | "birthDate" | "gender"> & { snils?: string; parents?: StudentParent[]; externalId?: string | null };

/**
 * A student of a contingent file arrives: made with this id if not there yet (a second run finds it
 * made), or, one who had left, back at school (their departure undone).
 */
export async function admitStudent({ schoolId, studentId, details, enrolledAt }: { schoolId: Types.ObjectId; studentId: Types.ObjectId | string; details: StudentDetails; enrolledAt: Date }) {
  const existing = await StudentModel.findOne({ _id: studentId, schoolId }, { _id: 1 }).lean();
  if (existing) {
    await StudentModel.updateOne({ _id: studentId, schoolId }, { $set: { ...details, leftAt: null, leftTo: "" } });
    return;
  }
  await StudentModel.updateOne({ _id: studentId }, { $setOnInsert: { schoolId, ...details, enrolledAt } }, { upsert: true });
}

/** A student's details as the contingent file has them now. */
export async function updateStudentDetails({ schoolId, studentId, details }: { schoolId: Types.ObjectId; studentId: Types.ObjectId | string; details: Partial<StudentDetails> }) {
  await StudentModel.updateOne({ _id: studentId, schoolId }, { $set: details });
}

/**
 * The student is in this class of the year from that day (null: from the year's start): made once;
 * run again it changes nothing; a student who went and came back is in it again.
 */
export async function openEnrolment({ schoolId, studentId, yearId, classId, from }: { schoolId: Types.ObjectId; studentId: Types.ObjectId | string; yearId: Types.ObjectId | string; classId: Types.ObjectId | string; from: Date | null }) {
  await EnrolmentModel.updateOne({ schoolId, studentId, yearId, classId }, { $setOnInsert: { from }, $set: { until: null } }, { upsert: true });
}

/** The student's time in this class of the year ends on that day (unless it ended already). */
export async function closeEnrolment({ schoolId, studentId, yearId, classId, until }: { schoolId: Types.ObjectId; studentId: Types.ObjectId | string; yearId: Types.ObjectId | string; classId: Types.ObjectId | string; until: Date }) {
  await EnrolmentModel.updateOne({ schoolId, studentId, yearId, classId, ...STILL_IN_CLASS }, { $set: { until } });
}

/** The student leaves the school on that day for where they go; their class of the year ends then too. */
export async function recordDeparture({ schoolId, studentId, yearId, leftAt, leftTo }: { schoolId: Types.ObjectId; studentId: Types.ObjectId | string; yearId: Types.ObjectId | string; leftAt: Date; leftTo: string }) {
  await StudentModel.updateOne({ _id: studentId, schoolId, leftAt: null }, { $set: { leftAt, leftTo } });
  await EnrolmentModel.updateMany({ schoolId, studentId, yearId, ...STILL_IN_CLASS }, { $set: { until: leftAt } });
}

/**
 * Why a student's personal file can no longer change (they left the school: it is kept, read-only,
 * for its storage period), or null while they are at school. Every write to a personal file asks.
 */
export async function studentLeftReason({ schoolId, studentId }: { schoolId: Types.ObjectId | string; studentId: Types.ObjectId | string }) {
  const student = await StudentModel.findOne({ _id: studentId, schoolId }, { leftAt: 1, leftTo: 1 }).lean<Pick<Student, "leftAt" | "leftTo">>();
  if (!student?.leftAt) return null;
  const day = student.leftAt.toISOString().slice(0, 10).split("-").reverse().join(".");
  return `Обучающийся выбыл ${day}${student.leftTo ? ` (${student.leftTo})` : ""}: его личное дело только для чтения.`;
}

/** The given students of the school with their parents as listed and their representatives' accounts. */
export async function listStudentFamilies({ schoolId, studentIds }: { schoolId: Types.ObjectId | string; studentIds: (Types.ObjectId | string)[] }) {
  return StudentModel.find({ schoolId, _id: { $in: studentIds } }, { lastName: 1, firstName: 1, middleName: 1, parents: 1, representativeIds: 1 })
    .sort({ lastName: 1, firstName: 1 })
    .collation({ locale: "ru" })
    .lean<(StudentName & { parents: StudentParent[]; representativeIds: Types.ObjectId[] })[]>();
}

/** The listed parent (by their place in the student's list) has this account, and represents the student. */
export async function linkParentAccount({ schoolId, studentId, parentIndex, userId }: { schoolId: Types.ObjectId | string; studentId: Types.ObjectId | string; parentIndex: number; userId: Types.ObjectId | string }) {
  await StudentModel.updateOne({ _id: studentId, schoolId }, { $set: { [`parents.${parentIndex}.userId`]: userId }, $addToSet: { representativeIds: userId } });
}

/** The ids of the students of the school who are in a class of that year now and have not left. */
export async function listStudentIdsAtSchool({ schoolId, yearId, classIds }: { schoolId: Types.ObjectId | string; yearId: Types.ObjectId | string; classIds?: (Types.ObjectId | string)[] }) {
  const enrolments = await EnrolmentModel.find({ schoolId, yearId, ...STILL_IN_CLASS, ...(classIds ? { classId: { $in: classIds } } : {}) }, { studentId: 1 }).lean<Pick<Enrolment, "studentId">[]>();
  return listStudentIdsNotLeft({ schoolId, studentIds: enrolments.map((e) => e.studentId) });
}
