// Limits on confirming documents: one place, used by the upload parser (multer), the checks and
// the form's own hints.
export const UPLOAD_LIMITS = {
  maxFileBytes: 15 * 1024 * 1024,
  maxFiles: 5,
  /** Pixels an image may declare before it is decoded: a decompression bomb stops here. */
  maxPixels: 60_000_000,
  /** Long side of the stored image: enough to read a diploma, small enough to keep. */
  maxLongSide: 2560,
  thumbnailSide: 320,
} as const;

export const UPLOAD_LIMITS_TEXT = `до ${UPLOAD_LIMITS.maxFiles} файлов, каждый до ${UPLOAD_LIMITS.maxFileBytes / 1024 / 1024} МБ: JPEG, PNG, WebP или PDF`;

export const ACCEPTED_TYPES = ["image/jpeg", "image/png", "image/webp", "application/pdf"] as const;
export type AcceptedType = (typeof ACCEPTED_TYPES)[number];
