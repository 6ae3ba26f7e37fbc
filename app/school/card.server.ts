// The school's card: read for its page, written by the administration with the change in the audit
// log. A logo is judged by its bytes like every upload (storage/inspect.server.ts), then kept small:
// downscaled with sharp to the letterhead's needs, PNG staying PNG (transparency) and JPEG, JPEG.
import crypto from "node:crypto";
import type { Types } from "mongoose";
import sharp from "sharp";
import { audit } from "~/auth/audit.server";
import type { UploadedFile } from "~/files/multipart.server";
import { RefusedByRule } from "~/http/refusals";
import { getSchoolCard, saveSchoolCard, type SchoolCard, type SchoolLogoFacts } from "~models/school.server";
import type { PublicUser } from "~models/user.server";
import { inspectUpload, UploadRefused } from "~storage/inspect.server";
import { LOGO_LIMITS, type SchoolCardInput } from "./forms";

export async function readSchoolCard(schoolId: Types.ObjectId) {
  return getSchoolCard({ schoolId });
}

/** A logo ready to keep: checked, PNG or JPEG, at most LOGO_LIMITS in size; refused beside the «logo» field. */
export async function prepareLogo(file: UploadedFile): Promise<SchoolLogoFacts & { bytes: Buffer }> {
  if (file.bytes.length === 0) throw new RefusedByRule("Логотип: файл пустой", "logo");
  if (file.bytes.length > LOGO_LIMITS.maxBytes) throw new RefusedByRule(`Логотип: файл больше ${LOGO_LIMITS.maxBytes / 1024 / 1024} МБ; уменьшите изображение`, "logo");
  let inspected: Awaited<ReturnType<typeof inspectUpload>>;
  try {
    inspected = await inspectUpload(file.bytes, file.originalName);
  } catch (error) {
    if (error instanceof UploadRefused) throw new RefusedByRule(`Логотип: ${error.message}`, "logo");
    throw error;
  }
  const type = inspected.type;
  if (type !== "image/png" && type !== "image/jpeg") throw new RefusedByRule("Логотип: нужно изображение PNG или JPEG (тип определяется по содержимому файла, а не по имени)", "logo");
  const resized = sharp(inspected.bytes).resize({ height: LOGO_LIMITS.height, width: LOGO_LIMITS.maxWidth, fit: "inside", withoutEnlargement: true });
  const { data: bytes, info } = await (type === "image/png" ? resized.png({ compressionLevel: 9 }) : resized.jpeg({ quality: 88 })).toBuffer({ resolveWithObject: true });
  return { bytes, type, width: info.width, height: info.height, sha256: crypto.createHash("sha256").update(bytes).digest("hex"), uploadedAt: new Date() };
}

/**
 * Saves the card; a logo file replaces the logo, `removeLogo` without a file removes it. The logo
 * is checked before anything is written, so a refused file leaves the card as it was.
 */
export async function saveCard(request: Request, user: PublicUser, schoolId: Types.ObjectId, input: SchoolCardInput, logoFile: UploadedFile | null) {
  const logo = logoFile ? await prepareLogo(logoFile) : input.removeLogo ? null : undefined;
  const before = await getSchoolCard({ schoolId });
  if (!before) throw new RefusedByRule("Школа не найдена");
  const card: SchoolCard = {
    name: input.name,
    shortName: input.shortName,
    address: input.address,
    phone: input.phone ?? "",
    email: input.email ?? "",
    director: input.director ?? "",
    directorTitle: input.directorTitle ?? "",
    inn: input.inn ?? "",
    ogrn: input.ogrn ?? "",
  };
  await saveSchoolCard({ schoolId, card, logo });
  const logoChange = logo ? `логотип ${logo.width}×${logo.height} (${logo.sha256.slice(0, 12)})` : logo === null && before.logo ? "логотип убран" : null;
  await audit(request, user, {
    action: "update",
    entity: "school",
    entityId: String(schoolId),
    summary: ["карточка школы", logoChange].filter(Boolean).join("; "),
    before: before.card,
    after: card,
  });
  return { logo: logo ? "replaced" : logo === null && before.logo ? "removed" : "kept" };
}
