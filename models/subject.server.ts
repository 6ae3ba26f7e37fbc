import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";

const SubjectSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    name: { type: String, required: true, trim: true },
    shortName: { type: String, trim: true, default: "" },
    order: { type: Number, default: 0 },
  },
  { timestamps: true },
);
SubjectSchema.index({ schoolId: 1, name: 1 }, { unique: true });

export type Subject = InferSchemaType<typeof SubjectSchema> & { _id: Types.ObjectId };

export const SubjectModel = mongoose.models.Subject ?? mongoose.model("Subject", SubjectSchema);

export async function listSubjects(schoolId: Types.ObjectId | string) {
  return SubjectModel.find({ schoolId }).sort({ order: 1, name: 1 }).collation({ locale: "ru" }).lean<Subject[]>();
}

/** New subjects of a school in one write, in this order (the seeds). */
export async function insertSubjects({ schoolId, subjects }: { schoolId: Types.ObjectId; subjects: { name: string; order: number }[] }) {
  const created = await SubjectModel.insertMany(subjects.map((s) => ({ schoolId, ...s })));
  return created.map((doc) => doc.toObject() as Subject);
}

/** One subject of the school, or null (also for anything that is not an id). */
export async function getSubject({ schoolId, subjectId }: { schoolId: Types.ObjectId | string; subjectId: string }) {
  if (!mongoose.isValidObjectId(subjectId)) return null;
  return SubjectModel.findOne({ _id: subjectId, schoolId }).lean<Subject>();
}

/** A new subject of the school, last in order; null if the school has one of that name already. */
export async function addSubject({ schoolId, name }: { schoolId: Types.ObjectId; name: string }) {
  const last = await SubjectModel.findOne({ schoolId }, { order: 1 }).sort({ order: -1 }).lean<{ order: number }>();
  try {
    return (await SubjectModel.create({ schoolId, name, order: (last?.order ?? -1) + 1 })).toObject() as Subject;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return null;
    throw error;
  }
}
