import type { AppLoadContext } from "@remix-run/node";
import { readUpload } from "~/http/read-form.server";

/** The confirming documents sent with the form (an empty file input still sends a part with no name and no bytes). */
export function evidenceFiles(context: AppLoadContext) {
  return (readUpload(context)?.files ?? []).filter((f) => f.field === "files" && (f.originalName !== "" || f.bytes.length > 0));
}
