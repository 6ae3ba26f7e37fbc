import type { SubmissionResult } from "@conform-to/react";
import { z } from "zod";

export type FieldErrors = Partial<Record<string, string>>;

/**
 * Parses a submitted form with its zod schema (the same schema the page uses for its fields):
 * the data, or the first Russian message for each field that failed.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors } {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string") continue;
    if (key in raw) raw[key] = ([] as unknown[]).concat(raw[key], value);
    else raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** A checkbox list: one value, several, or none arrive as a string, an array or nothing. */
export const stringList = <T extends z.ZodType<string>>(item: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/**
 * On a page with several forms told apart by their `intent` field, the action's reply belongs to the
 * form that was sent: the others get nothing, so they keep neither its values nor its reasons.
 */
export function replyFor<R extends SubmissionResult<string[]>>(result: R | null | undefined, intent: string): R | null {
  return result?.initialValue?.intent === intent ? result : null;
}

const RECORD_ID = /^[0-9a-f]{24}$/i;
/** A record's id a form sends back: 24 hex digits, or the form is refused with `message` (never a cast error). */
export const recordId = (message: string) => z.string({ error: message }).regex(RECORD_ID, message);
export const isRecordId = (value: unknown): value is string => typeof value === "string" && RECORD_ID.test(value);
