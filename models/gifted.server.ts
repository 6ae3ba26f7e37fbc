import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { GIFTED_RECORD_LIMITS, LIST_ENTRY_LIMITS } from "./vocabulary/limits";
import type { GiftedListEntry } from "./vocabulary/gifted";

// The state register of gifted children (ГИР) at the school: each school year's list of events
// whose winners and prize-winners go into the register (loaded by the admin: one document per
// year, so a new list replaces the old one in a single write), and per student what the school
// recorded: inclusion in the register and the special conditions of certification granted
// (seed 004 §3.4). Entries are added or cancelled with a reason, never edited.
const EntrySchema = new Schema(
  {
    event: { type: String, required: true, maxlength: LIST_ENTRY_LIMITS.event },
    organiser: { type: String, default: "", maxlength: LIST_ENTRY_LIMITS.organiser },
    profile: { type: String, default: "", maxlength: LIST_ENTRY_LIMITS.profile },
    level: { type: String, default: "", enum: ["", "school", "municipal", "regional", "federal", "international"] },
    act: { type: String, default: "", maxlength: LIST_ENTRY_LIMITS.act },
  },
  { _id: false },
);

const GiftedListSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    schoolYear: { type: String, required: true, match: /^\d{4}\/\d{4}$/ },
    entries: { type: [EntrySchema], default: [] },
    source: { type: String, default: "" },
    loadedAt: { type: Date, required: true },
    loadedByName: { type: String, required: true },
  },
  { versionKey: false },
);
GiftedListSchema.index({ schoolId: 1, schoolYear: 1 }, { unique: true });

export type GiftedList = InferSchemaType<typeof GiftedListSchema> & { _id: Types.ObjectId };
export const GiftedListModel = mongoose.models.GiftedList ?? mongoose.model("GiftedList", GiftedListSchema, "giftedLists");

const Recorded = {
  schoolYear: { type: String, required: true, match: /^\d{4}\/\d{4}$/ },
  recordedAt: { type: Date, required: true },
  recordedByName: { type: String, required: true },
  cancelledAt: { type: Date, default: null },
  cancelReason: { type: String, default: "" },
};
const InclusionSchema = new Schema({ ...Recorded, includedOn: { type: Date, required: true }, reference: { type: String, required: true, maxlength: GIFTED_RECORD_LIMITS.reference } });
const ConditionsSchema = new Schema({
  ...Recorded,
  subjects: { type: [String], required: true },
  conditions: { type: String, required: true, maxlength: GIFTED_RECORD_LIMITS.conditions },
  order: { type: String, required: true, maxlength: GIFTED_RECORD_LIMITS.order },
});

const GiftedRecordSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    studentId: { type: Schema.Types.ObjectId, ref: "Student", required: true },
    inclusions: { type: [InclusionSchema], default: [] },
    conditions: { type: [ConditionsSchema], default: [] },
  },
  { versionKey: false },
);
GiftedRecordSchema.index({ schoolId: 1, studentId: 1 }, { unique: true });

export type GiftedInclusion = InferSchemaType<typeof InclusionSchema> & { _id: Types.ObjectId };
export type GiftedConditions = InferSchemaType<typeof ConditionsSchema> & { _id: Types.ObjectId };
export type GiftedRecord = Omit<InferSchemaType<typeof GiftedRecordSchema>, "inclusions" | "conditions"> & {
  _id: Types.ObjectId;
  inclusions: GiftedInclusion[];
  conditions: GiftedConditions[];
};
export const GiftedRecordModel = mongoose.models.GiftedRecord ?? mongoose.model("GiftedRecord", GiftedRecordSchema, "giftedRecords");

export async function getGiftedList(schoolId: Types.ObjectId | string, schoolYear: string) {
  return GiftedListModel.findOne({ schoolId, schoolYear }).lean<GiftedList>();
}

export async function getGiftedRecords(schoolId: Types.ObjectId | string, studentIds: Types.ObjectId[]) {
  const records = await GiftedRecordModel.find({ schoolId, studentId: { $in: studentIds } }).lean<GiftedRecord[]>();
  return new Map(records.map((r) => [String(r.studentId), r]));
}

/** Cancels one inclusion or conditions entry that is still in force; false if there is none such. */
export async function cancelGiftedEntry(key: { schoolId: Types.ObjectId; studentId: Types.ObjectId }, list: "inclusions" | "conditions", entryId: string, reason: string) {
  if (!mongoose.isValidObjectId(entryId)) return false;
  const updated = await GiftedRecordModel.updateOne(
    { ...key, [list]: { $elemMatch: { _id: new mongoose.Types.ObjectId(entryId), cancelledAt: null } } },
    { $set: { [`${list}.$.cancelledAt`]: new Date(), [`${list}.$.cancelReason`]: reason } },
  );
  return updated.modifiedCount > 0;
}


/** A school year's list of events, where the school has none for that year yet (the demo seed). */
export async function createGiftedList({ schoolId, schoolYear, entries, source, loadedAt, loadedByName }: { schoolId: Types.ObjectId; schoolYear: string; entries: GiftedListEntry[]; source: string; loadedAt: Date; loadedByName: string }) {
  await GiftedListModel.create({ schoolId, schoolYear, source, loadedAt, loadedByName, entries });
}

/** Adds one event to a school year's list (the list is made with the first), stamped as changed by `loadedByName`. */
export async function addGiftedListEntry({ schoolId, schoolYear, entry, loadedByName }: { schoolId: Types.ObjectId | string; schoolYear: string; entry: GiftedListEntry; loadedByName: string }) {
  await GiftedListModel.updateOne(
    { schoolId, schoolYear },
    { $push: { entries: entry }, $set: { loadedAt: new Date(), loadedByName }, $setOnInsert: { source: "введено вручную" } },
    { upsert: true, runValidators: true },
  );
}

/** A school year's list replaced by a loaded file's, in one write (made if the year had none). */
export async function replaceGiftedList({ schoolId, schoolYear, entries, source, loadedByName }: { schoolId: Types.ObjectId | string; schoolYear: string; entries: GiftedListEntry[]; source: string; loadedByName: string }) {
  await GiftedListModel.updateOne({ schoolId, schoolYear }, { $set: { entries, source, loadedAt: new Date(), loadedByName } }, { upsert: true, runValidators: true });
}

/**
 * A list's events replaced, only if the list is still as it was when read (its `loadedAt`), in one
 * conditional write. False if it changed meanwhile (nothing written).
 */
export async function setGiftedListEntriesIfUnchanged({ schoolId, listId, seenLoadedAt, entries, loadedByName }: { schoolId: Types.ObjectId | string; listId: Types.ObjectId; seenLoadedAt: Date; entries: GiftedListEntry[]; loadedByName: string }) {
  const updated = await GiftedListModel.updateOne({ _id: listId, schoolId, loadedAt: seenLoadedAt }, { $set: { entries, loadedAt: new Date(), loadedByName } });
  return updated.modifiedCount > 0;
}

/** What the school recorded for a student in the register, or null. */
export async function getGiftedRecord({ schoolId, studentId }: { schoolId: Types.ObjectId | string; studentId: Types.ObjectId }) {
  return GiftedRecordModel.findOne({ schoolId, studentId }).lean<GiftedRecord>();
}

/** The records of these students with special conditions recorded for a school year (cancelled or not). */
export async function listGiftedRecordsWithConditions({ schoolId, studentIds, schoolYear }: { schoolId: Types.ObjectId | string; studentIds: Types.ObjectId[]; schoolYear: string }) {
  return GiftedRecordModel.find({ schoolId, studentId: { $in: studentIds }, "conditions.schoolYear": schoolYear }).lean<GiftedRecord[]>();
}

type Recorded = { schoolYear: string; recordedAt: Date; recordedByName: string };

/** Records a student's inclusion in the register (their record is made with the first entry). */
export async function addGiftedInclusion({ schoolId, studentId, inclusion }: { schoolId: Types.ObjectId; studentId: Types.ObjectId; inclusion: Recorded & { includedOn: Date; reference: string } }) {
  await GiftedRecordModel.updateOne({ schoolId, studentId }, { $push: { inclusions: inclusion } }, { upsert: true, runValidators: true });
}

/** Records special conditions of certification granted to a student (their record is made with the first entry). */
export async function addGiftedConditions({ schoolId, studentId, conditions }: { schoolId: Types.ObjectId; studentId: Types.ObjectId; conditions: Recorded & { subjects: string[]; conditions: string; order: string } }) {
  await GiftedRecordModel.updateOne({ schoolId, studentId }, { $push: { conditions } }, { upsert: true, runValidators: true });
}
