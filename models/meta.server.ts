import mongoose, { Schema, type Types } from "mongoose";

// Installation-wide markers (the demo seed's state): one small document each, by name.
const MetaSchema = new Schema(
  { _id: { type: String, required: true }, state: { type: String, required: true }, schoolId: Schema.Types.ObjectId },
  { timestamps: true, versionKey: false },
);

export const MetaModel = mongoose.models.Meta ?? mongoose.model("Meta", MetaSchema, "meta");

export interface Marker {
  _id: string;
  state: string;
  schoolId?: Types.ObjectId;
}

/** The marker of this name, or null while there is none. */
export async function getMarker({ name }: { name: string }) {
  return MetaModel.findById(name).lean<Marker>();
}

/** Sets a marker up; throws if one of this name is there already (another process got it first). */
export async function createMarker({ name, state, schoolId }: { name: string; state: string; schoolId?: Types.ObjectId }) {
  await MetaModel.create({ _id: name, state, schoolId });
}

export async function setMarkerState({ name, state }: { name: string; state: string }) {
  await MetaModel.updateOne({ _id: name }, { $set: { state } });
}

/** Sets a marker's state, making the marker if there is none (an installation-wide setting). */
export async function putMarker({ name, state }: { name: string; state: string }) {
  await MetaModel.updateOne({ _id: name }, { $set: { state } }, { upsert: true });
}
