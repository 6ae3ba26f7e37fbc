import mongoose, { Schema } from "mongoose";

// Installation-wide markers (the demo seed's state): one small document each, by name.
const MetaSchema = new Schema(
  { _id: { type: String, required: true }, state: { type: String, required: true }, schoolId: Schema.Types.ObjectId },
  { timestamps: true, versionKey: false },
);

export const MetaModel = mongoose.models.Meta ?? mongoose.model("Meta", MetaSchema, "meta");
