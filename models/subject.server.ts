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
