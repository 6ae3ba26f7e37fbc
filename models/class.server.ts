import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";

const SubjectTeacherSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    subjectId: { type: Schema.Types.ObjectId, ref: "Subject", required: true },
  },
  { _id: false },
);

const ClassSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    yearId: { type: Schema.Types.ObjectId, ref: "AcademicYear", required: true },
    grade: { type: Number, required: true, min: 1, max: 11 },
    // One Cyrillic capital letter: 5«А», 9«Б».
    letter: { type: String, required: true, match: /^[А-ЯЁ]$/ },
    classTeacherId: { type: Schema.Types.ObjectId, ref: "User", default: null },
    subjectTeachers: { type: [SubjectTeacherSchema], default: [] },
  },
  { timestamps: true },
);
ClassSchema.index({ schoolId: 1, yearId: 1, grade: 1, letter: 1 }, { unique: true });
ClassSchema.index({ schoolId: 1, classTeacherId: 1 });
ClassSchema.index({ schoolId: 1, "subjectTeachers.userId": 1 });

export type SchoolClass = InferSchemaType<typeof ClassSchema> & { _id: Types.ObjectId };

export const ClassModel = mongoose.models.SchoolClass ?? mongoose.model("SchoolClass", ClassSchema, "classes");

export const className = (c: { grade: number; letter: string }) => `${c.grade}${c.letter}`;

export async function listClasses(schoolId: Types.ObjectId | string, yearId: Types.ObjectId | string) {
  return ClassModel.find({ schoolId, yearId }).sort({ grade: 1, letter: 1 }).collation({ locale: "ru" }).lean<SchoolClass[]>();
}

export async function getClass(schoolId: Types.ObjectId | string, classId: string) {
  if (!mongoose.isValidObjectId(classId)) return null;
  return ClassModel.findOne({ _id: classId, schoolId }).lean<SchoolClass>();
}

/** The classes of a year a teacher leads or teaches in. */
export async function listClassesOfTeacher(
  schoolId: Types.ObjectId | string,
  yearId: Types.ObjectId | string,
  userId: Types.ObjectId | string,
  as: { classTeacher: boolean; subjectTeacher: boolean },
) {
  const or: object[] = [];
  if (as.classTeacher) or.push({ classTeacherId: userId });
  if (as.subjectTeacher) or.push({ "subjectTeachers.userId": userId });
  if (or.length === 0) return [];
  return ClassModel.find({ schoolId, yearId, $or: or }).sort({ grade: 1, letter: 1 }).lean<SchoolClass[]>();
}
