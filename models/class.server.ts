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

/**
 * The school's classes, by grade and letter, narrowed by what is given: a year, the classes
 * among `classIds`, the grades among `grades`.
 */
export async function findClasses({ schoolId, yearId, classIds, grades }: { schoolId: Types.ObjectId | string; yearId?: Types.ObjectId | string; classIds?: (Types.ObjectId | string)[]; grades?: number[] }) {
  const filter: Record<string, unknown> = { schoolId };
  if (yearId !== undefined) filter.yearId = yearId;
  if (classIds !== undefined) filter._id = { $in: classIds };
  if (grades !== undefined) filter.grade = { $in: grades };
  return ClassModel.find(filter).sort({ grade: 1, letter: 1 }).lean<SchoolClass[]>();
}

/** A class of a year by its name (5«А»: grade 5, letter «А»), or null. */
export async function getClassByName({ schoolId, yearId, grade, letter }: { schoolId: Types.ObjectId | string; yearId: Types.ObjectId | string; grade: number; letter: string }) {
  return ClassModel.findOne({ schoolId, yearId, grade, letter }).lean<SchoolClass>();
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

export interface NewClass {
  yearId: Types.ObjectId;
  grade: number;
  letter: string;
  classTeacherId?: Types.ObjectId | null;
}

/** New classes of a school in one write, in this order (the seeds). */
export async function insertClasses({ schoolId, classes }: { schoolId: Types.ObjectId; classes: NewClass[] }) {
  const created = await ClassModel.insertMany(classes.map((c) => ({ schoolId, ...c })));
  return created.map((doc) => doc.toObject() as SchoolClass);
}

/** Who teaches what in a class, all at once. */
export async function setSubjectTeachers({ schoolId, classId, subjectTeachers }: { schoolId: Types.ObjectId | string; classId: Types.ObjectId | string; subjectTeachers: { userId: Types.ObjectId; subjectId: Types.ObjectId }[] }) {
  await ClassModel.updateOne({ _id: classId, schoolId }, { $set: { subjectTeachers } });
}

/** Every class of the installation, of every school and year. */
export async function countAllClasses() {
  return ClassModel.countDocuments();
}

/**
 * Makes a teacher the class teacher of a class of the school, or (leads false) takes it from them
 * if it is theirs, in one conditional write; false if no such class (or, to take it, not theirs).
 */
export async function setClassTeacher({ schoolId, classId, teacherId, leads }: { schoolId: Types.ObjectId | string; classId: string; teacherId: Types.ObjectId; leads: boolean }) {
  const result = await ClassModel.updateOne(
    leads ? { _id: classId, schoolId } : { _id: classId, schoolId, classTeacherId: teacherId },
    { $set: { classTeacherId: leads ? teacherId : null } },
  );
  return result.matchedCount > 0;
}

/** A teacher teaches a subject in a class of the school, or no longer does, in one write; false if no such class. */
export async function setSubjectTeaching({ schoolId, classId, teacherId, subjectId, teaches }: { schoolId: Types.ObjectId | string; classId: string; teacherId: Types.ObjectId; subjectId: string; teaches: boolean }) {
  const pair = { userId: teacherId, subjectId: new mongoose.Types.ObjectId(subjectId) };
  const result = await ClassModel.updateOne({ _id: classId, schoolId }, teaches ? { $addToSet: { subjectTeachers: pair } } : { $pull: { subjectTeachers: pair } });
  return result.matchedCount > 0;
}

/** The class of a year (grade and letter), made with these teachers if it is not there yet (one made earlier stays as it is). */
export async function ensureClass(input: {
  schoolId: Types.ObjectId;
  yearId: Types.ObjectId;
  grade: number;
  letter: string;
  classTeacherId: Types.ObjectId | null;
  subjectTeachers: { userId: Types.ObjectId; subjectId: Types.ObjectId }[];
}) {
  const { schoolId, yearId, grade, letter, classTeacherId, subjectTeachers } = input;
  return ClassModel.findOneAndUpdate(
    { schoolId, yearId, grade, letter },
    { $setOnInsert: { schoolId, yearId, grade, letter, classTeacherId, subjectTeachers } },
    { upsert: true, returnDocument: "after" },
  ).lean<SchoolClass>();
}

/**
 * A new class of a year, made by the administration; null if the school already has that class in
 * that year (the unique rule on school, year, grade and letter decides, also between two requests).
 */
export async function createClass({ schoolId, yearId, grade, letter, classTeacherId }: { schoolId: Types.ObjectId; yearId: Types.ObjectId; grade: number; letter: string; classTeacherId: Types.ObjectId | null }) {
  try {
    const created = await ClassModel.create({ schoolId, yearId, grade, letter, classTeacherId, subjectTeachers: [] });
    return created.toObject() as SchoolClass;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return null;
    throw error;
  }
}

/** Removes a class of the school (the caller has made sure nobody is enrolled in it); false if it was not there. */
export async function deleteClass({ schoolId, classId }: { schoolId: Types.ObjectId | string; classId: Types.ObjectId | string }) {
  const result = await ClassModel.deleteOne({ _id: classId, schoolId });
  return result.deletedCount > 0;
}
