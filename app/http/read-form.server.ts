import { parse } from "@conform-to/react";
import { data, type AppLoadContext } from "@remix-run/node";
import type { MultipartUpload } from "~/files/multipart.server";
import { FORM_MESSAGES } from "./form-messages";

/** The multipart form multer parsed for this request (its files and fields), or null when it was not multipart. */
export function readUpload(context: AppLoadContext): MultipartUpload | null {
  return (context.upload as MultipartUpload | undefined) ?? null;
}

/**
 * When multer refused the upload (a file too big, too many files) it read none of the fields: the
 * form comes back with that reason alone — beside `field`, or above the form — and no field is judged
 * on what never arrived; `intent` names the form on a page with several. Null when the upload was read.
 */
export function refusedUpload(upload: MultipartUpload | null, options: { field?: string; intent?: string } = {}) {
  if (!upload?.error) return null;
  const fields = new FormData();
  if (options.intent) fields.set("intent", options.intent);
  const unread = parse<Record<string, never>, string[]>(fields, { resolve: () => ({ value: {} }) });
  return data(unread.reply(options.field ? { fieldErrors: { [options.field]: [upload.error] } } : { formErrors: [upload.error] }), { status: 400 });
}

/** A refusal of the whole request, shown on the error page in Russian. */
const refused = (status: number, text: string) => new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/** «a+b%20c» → «a b c»; throws on a percent sequence that is not UTF-8. */
const decodeComponent = (text: string) => decodeURIComponent(text.replace(/\+/g, " "));

/**
 * A URL-encoded form, read strictly: bytes that are not UTF-8 (raw or percent-encoded, which
 * URLSearchParams would turn into U+FFFD and store) refuse the form instead.
 */
export function parseUrlEncoded(bytes: Uint8Array): FormData | string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return FORM_MESSAGES.notUtf8;
  }
  const fields = new FormData();
  for (const pair of text.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    try {
      const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
      const value = eq < 0 ? "" : decodeComponent(pair.slice(eq + 1));
      if (/[[\]]/.test(name)) return FORM_MESSAGES.unknownField;
      fields.append(name, value);
    } catch {
      return FORM_MESSAGES.notUtf8;
    }
  }
  return fields;
}

/**
 * The submitted form of an action, whatever the page sent: the multipart form the server already
 * parsed, or a URL-encoded one. A body that cannot be read as the page sent it is refused with
 * 400 and a Russian message, before anything is written.
 */
export async function readForm(request: Request, context: AppLoadContext): Promise<FormData> {
  const upload = readUpload(context);
  if (upload) {
    if (upload.error) throw refused(400, upload.error);
    return upload.fields;
  }
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await request.arrayBuffer());
  } catch {
    throw refused(400, FORM_MESSAGES.unreadable);
  }
  if (bytes.length === 0) return new FormData();
  if (type !== "application/x-www-form-urlencoded") throw refused(415, FORM_MESSAGES.unreadable);
  const fields = parseUrlEncoded(bytes);
  if (typeof fields === "string") throw refused(400, fields);
  return fields;
}
