import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { retentionFrom } from "~models/vocabulary/retention-periods";
import { STAFF_IDLE_MINUTES, thresholdsFrom } from "~models/vocabulary/thresholds";
import { PERIOD_KINDS, type PeriodKind } from "~models/vocabulary/periods";


const SchoolSchema = new Schema(
  {
    name: { type: String, required: true, trim: true },
    shortName: { type: String, required: true, trim: true },
    address: { type: String, required: true, trim: true },
    municipality: { type: String, trim: true, default: "" },
    inn: { type: String, trim: true, default: "" },
    director: { type: String, trim: true, default: "" },
    // «Директор», «И. о. директора»…: how the director signs; empty reads «Руководитель».
    directorTitle: { type: String, trim: true, default: "" },
    ogrn: { type: String, trim: true, default: "" },
    phone: { type: String, trim: true, default: "" },
    email: { type: String, trim: true, default: "" },
    // The school's logo on the letterhead of its documents: small (downscaled on upload), so kept
    // in the school's own record like an evidence thumbnail; its bytes are read only when a document is drawn.
    logo: {
      type: new Schema(
        {
          bytes: { type: Buffer, required: true, select: false },
          type: { type: String, enum: ["image/png", "image/jpeg"], required: true },
          width: { type: Number, required: true },
          height: { type: Number, required: true },
          sha256: { type: String, required: true },
          uploadedAt: { type: Date, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
    demo: { type: Boolean, default: false },
    settings: {
      periodKind: { type: String, enum: PERIOD_KINDS, default: "trimester" },
      // The school's own thresholds (risk criteria, justified period marks); read through
      // thresholdsFrom, which falls back to the written defaults (app/domain/risk.ts).
      thresholds: { type: Schema.Types.Mixed, default: {} },
      // Storage periods per kind of record with their sources, read through retentionFrom
      // (models/vocabulary/retention-periods.ts).
      retention: { type: Schema.Types.Mixed, default: {} },
      // Minutes without a request after which a staff member's session ends (families: 12 hours).
      staffIdleMinutes: { type: Number, default: null },
      // «Подтверждает не автор записи»: a class teacher does not confirm an entry they made (the
      // administration may confirm anything). Read through getAuthorMayNotVerify; null is the default, on.
      authorMayNotVerify: { type: Boolean, default: null },
    },
  },
  { timestamps: true },
);

export type School = InferSchemaType<typeof SchoolSchema> & { _id: Types.ObjectId };

export const SchoolModel = mongoose.models.School ?? mongoose.model("School", SchoolSchema);

export async function getSchool(schoolId: Types.ObjectId | string) {
  return SchoolModel.findById(schoolId).lean<School>();
}

/** Every school of the installation, for the municipal view (names only, no people). */
export async function listSchools() {
  return SchoolModel.find({}, { name: 1, shortName: 1, municipality: 1 })
    .sort({ name: 1 })
    .collation({ locale: "ru" })
    .lean<Pick<School, "_id" | "name" | "shortName" | "municipality">[]>();
}

/** The schools' names (full and short), by name; with `only`, just that school (none if it is no id). */
export async function listSchoolNames({ only }: { only?: string } = {}) {
  if (only !== undefined && !mongoose.isValidObjectId(only)) return [];
  return SchoolModel.find(only === undefined ? {} : { _id: new mongoose.Types.ObjectId(only) }, { name: 1, shortName: 1 })
    .sort({ name: 1 })
    .collation({ locale: "ru" })
    .lean<Pick<School, "_id" | "name" | "shortName">[]>();
}

export async function countSchools() {
  return SchoolModel.estimatedDocumentCount();
}

export async function getRetention(schoolId: Types.ObjectId | string) {
  const school = await SchoolModel.findById(schoolId, { "settings.retention": 1 }).lean<{ settings?: { retention?: unknown } }>();
  return retentionFrom(school?.settings?.retention);
}

/** The school's own storage periods with their sources, by kind of record (read back through getRetention). */
export async function setRetention({ schoolId, retention }: { schoolId: Types.ObjectId | string; retention: Record<string, { years: number; source: string }> }) {
  await SchoolModel.updateOne({ _id: schoolId }, { $set: { "settings.retention": retention } });
}

/** The id of some school of the installation (the first found), or null when there is none: where a command-line restore is logged. */
export async function getAnySchoolId() {
  const school = await SchoolModel.findOne({}, { _id: 1 }).lean<{ _id: Types.ObjectId }>();
  return school?._id ?? null;
}

export async function getThresholds(schoolId: Types.ObjectId | string) {
  const school = await SchoolModel.findById(schoolId, { "settings.thresholds": 1 }).lean<{ settings?: { thresholds?: unknown } }>();
  return thresholdsFrom(school?.settings?.thresholds);
}

// The staff idle time the administration can set, and its default: beside the other settings' bounds.
export { STAFF_IDLE_MINUTES };

export async function getSessionIdleMinutes(schoolId: Types.ObjectId | string | null): Promise<number> {
  if (!schoolId) return STAFF_IDLE_MINUTES.default;
  const school = await SchoolModel.findById(schoolId, { "settings.staffIdleMinutes": 1 }).lean<{ settings?: { staffIdleMinutes?: number | null } }>();
  return school?.settings?.staffIdleMinutes ?? STAFF_IDLE_MINUTES.default;
}

export async function setSessionIdleMinutes(schoolId: Types.ObjectId | string, minutes: number) {
  await SchoolModel.updateOne({ _id: schoolId }, { $set: { "settings.staffIdleMinutes": minutes } });
}

export async function getAuthorMayNotVerify(schoolId: Types.ObjectId | string): Promise<boolean> {
  const school = await SchoolModel.findById(schoolId, { "settings.authorMayNotVerify": 1 }).lean<{ settings?: { authorMayNotVerify?: boolean | null } }>();
  return school?.settings?.authorMayNotVerify ?? true;
}

export async function setAuthorMayNotVerify(schoolId: Types.ObjectId | string, on: boolean) {
  await SchoolModel.updateOne({ _id: schoolId }, { $set: { "settings.authorMayNotVerify": on } });
}

/** The school's own thresholds (risk criteria, justified period marks), all of them at once. */
export async function setThresholds({ schoolId, thresholds }: { schoolId: Types.ObjectId | string; thresholds: Record<string, number> }) {
  await SchoolModel.updateOne({ _id: schoolId }, { $set: { "settings.thresholds": thresholds } });
}

// Whether this installation holds the demo school: asked by every page, changed only by a seed or
// a restore, so kept for a minute.
let demoKnown: { holds: boolean; until: number } | null = null;
export async function installationHoldsDemo(now = Date.now()): Promise<boolean> {
  if (demoKnown && demoKnown.until > now) return demoKnown.holds;
  const holds = (await SchoolModel.exists({ demo: true })) !== null;
  demoKnown = { holds, until: now + 60_000 };
  return holds;
}

export interface NewSchool {
  name: string;
  shortName: string;
  address: string;
  municipality?: string;
  director?: string;
  phone?: string;
  email?: string;
  demo?: boolean;
  settings?: { periodKind?: PeriodKind };
}

/** A new school (the command-line tools and the seeds); `schoolId` when the caller made the id already. */
export async function createSchool({ schoolId, ...fields }: NewSchool & { schoolId?: Types.ObjectId }) {
  const created = await SchoolModel.create(schoolId ? { _id: schoolId, ...fields } : fields);
  return created.toObject() as School;
}

/** What the administration keeps on the school's card (`/admin/school`); the logo's bytes are not in it. */
export const SCHOOL_CARD_FIELDS = ["name", "shortName", "address", "phone", "email", "director", "directorTitle", "inn", "ogrn"] as const;
export type SchoolCard = Record<(typeof SCHOOL_CARD_FIELDS)[number], string>;
const LOGO_FACTS = ["type", "width", "height", "sha256", "uploadedAt"] as const;
export type SchoolLogoFacts = { type: "image/png" | "image/jpeg"; width: number; height: number; sha256: string; uploadedAt: Date };

/** The school's card: its names, contacts, director and registration numbers, and the facts of its logo (null: none). */
export async function getSchoolCard({ schoolId }: { schoolId: Types.ObjectId | string }) {
  const school = await SchoolModel.findById(schoolId, { ...Object.fromEntries(SCHOOL_CARD_FIELDS.map((f) => [f, 1])), ...Object.fromEntries(LOGO_FACTS.map((f) => [`logo.${f}`, 1])) }).lean<Partial<SchoolCard> & { logo?: SchoolLogoFacts | null }>();
  if (!school) return null;
  const card = Object.fromEntries(SCHOOL_CARD_FIELDS.map((f) => [f, school[f] ?? ""])) as SchoolCard;
  return { card, logo: school.logo ? { type: school.logo.type, width: school.logo.width, height: school.logo.height, sha256: school.logo.sha256, uploadedAt: school.logo.uploadedAt } : null };
}

/**
 * Writes the card; with `logo` the new logo replaces the old one, with `logo: null` the logo is
 * removed, without it the logo stays. False when there is no such school.
 */
export async function saveSchoolCard({ schoolId, card, logo }: { schoolId: Types.ObjectId | string; card: SchoolCard; logo?: (SchoolLogoFacts & { bytes: Buffer }) | null }) {
  const set: Record<string, unknown> = { ...card };
  if (logo !== undefined) set.logo = logo;
  const written = await SchoolModel.updateOne({ _id: schoolId }, { $set: set });
  return written.matchedCount > 0;
}

/** The logo's bytes and type for a document's letterhead, or null when the school has none. */
export async function getSchoolLogo({ schoolId }: { schoolId: Types.ObjectId | string }) {
  const school = await SchoolModel.findById(schoolId, { "logo.type": 1, "logo.bytes": 1 }).lean<{ logo?: { bytes: Buffer | { buffer: Uint8Array }; type: SchoolLogoFacts["type"] } | null }>();
  if (!school?.logo?.bytes) return null;
  // lean() hands back the driver's Binary for Buffer fields.
  const raw = school.logo.bytes;
  return { bytes: Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer), type: school.logo.type };
}

/** The first school whose full name is this (or matches this pattern), or null. */
export async function findSchoolByName({ name }: { name: string | RegExp }) {
  return SchoolModel.findOne({ name }, { name: 1, shortName: 1 }).lean<Pick<School, "_id" | "name" | "shortName">>();
}

/** The demo schools other than `except` (the demo's own municipality), to remove with it. */
export async function listDemoSchoolIds({ except }: { except: Types.ObjectId }) {
  return (await SchoolModel.find({ demo: true, _id: { $ne: except } }).distinct("_id")) as Types.ObjectId[];
}
