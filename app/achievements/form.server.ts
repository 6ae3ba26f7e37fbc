import type { AppLoadContext } from "@remix-run/node";
import { readUpload } from "~/files/upload.server";
import { parseAchievement } from "./kinds";

/** The submitted achievement form: its fields, files and what the person asked for. */
export function readAchievementForm(context: AppLoadContext) {
  const upload = readUpload(context);
  if (!upload) return { error: "Отправьте форму заново.", values: {} as Record<string, string> };
  const values: Record<string, string> = {};
  for (const [key, value] of upload.fields.entries()) if (typeof value === "string" && key !== "removeFile") values[key] = value;
  if (upload.error) return { error: upload.error, values };
  const parsed = parseAchievement(values);
  return {
    error: null,
    values,
    parsed,
    // An empty file input still sends a part with no name and no bytes.
    files: upload.files.filter((f) => f.field === "files" && (f.originalName !== "" || f.bytes.length > 0)),
    removeFileIds: upload.fields.getAll("removeFile").map(String),
    submit: values.intent !== "draft",
  };
}
