// Limits on confirming documents: one place, used by the upload parser (multer), the checks and
// the form's own hints.
export const UPLOAD_LIMITS = {
  maxFileBytes: 15 * 1024 * 1024,
  maxFiles: 5,
  /** Pixels an image may declare before it is decoded: a decompression bomb stops here. */
  maxPixels: 60_000_000,
  /** Long side of the stored image: a diploma stays readable (~170 dpi for A4), and a 12 Mp
   * phone photo (4000 px) is decoded at half size straight from the JPEG, which is fast. */
  maxLongSide: 2000,
  thumbnailSide: 320,
} as const;

export const UPLOAD_LIMITS_TEXT = `до ${UPLOAD_LIMITS.maxFiles} файлов, каждый до ${UPLOAD_LIMITS.maxFileBytes / 1024 / 1024} МБ: JPEG, PNG, WebP или PDF`;

export const ACCEPTED_TYPES = ["image/jpeg", "image/png", "image/webp", "application/pdf"] as const;
export type AcceptedType = (typeof ACCEPTED_TYPES)[number];
/** The file name ending of each accepted type (stored names, the yearly archive's files). */
export const EXTENSION_OF: Record<AcceptedType, string> = { "image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf" };
