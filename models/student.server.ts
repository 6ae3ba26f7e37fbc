import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";

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

export async function countStudents(schoolId: Types.ObjectId | string) {
  return StudentModel.countDocuments({ schoolId, leftAt: null });
}
