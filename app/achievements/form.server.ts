import { parse } from "@conform-to/react";
import { data, type AppLoadContext } from "@remix-run/node";
import { readUpload } from "~/http/read-form.server";

/**
 * When multer refused the upload (a file too big, too many files) it read none of the fields: the
 * form comes back with that reason alone, no field judged on what never arrived. Null otherwise.
 */
export function refusedUpload(context: AppLoadContext) {
  const upload = readUpload(context);
  if (!upload?.error) return null;
  const unread = parse<Record<string, never>, string[]>(upload.fields, { resolve: () => ({ value: {} }) });
  return data(unread.reply({ formErrors: [upload.error] }), { status: 400 });
}

/** The confirming documents sent with the form (an empty file input still sends a part with no name and no bytes). */
export function evidenceFiles(context: AppLoadContext) {
  return (readUpload(context)?.files ?? []).filter((f) => f.field === "files" && (f.originalName !== "" || f.bytes.length > 0));
}
