import type { AppLoadContext } from "@remix-run/node";
import type { MultipartUpload } from "./multipart.server";

/** The multipart form multer parsed for this request, or null when it was not multipart. */
export function readUpload(context: AppLoadContext): MultipartUpload | null {
  return (context.upload as MultipartUpload | undefined) ?? null;
}
