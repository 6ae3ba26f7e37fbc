import type { SubmissionResult } from "@conform-to/react";
import { z } from "zod";

/** A checkbox list: one value, several, or none arrive as a string, an array or nothing. */
export const stringList = <T extends z.ZodType<string>>(item: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/**
 * On a page with several forms told apart by their `intent` field (and, for a form repeated down a
 * list, by its hidden values), the action's reply belongs to the form that was sent: the others get
 * nothing, so they keep neither its values nor its reasons.
 */
export function replyFor<R extends SubmissionResult<string[]>>(result: R | null | undefined, intent: string, hidden: Record<string, string> = {}): R | null {
  if (result?.initialValue?.intent !== intent) return null;
  return Object.entries(hidden).every(([name, value]) => result.initialValue?.[name] === value) ? result : null;
}

const RECORD_ID = /^[0-9a-f]{24}$/i;
/** A record's id a form sends back: 24 hex digits, or the form is refused with `message` (never a cast error). */
export const recordId = (message: string) => z.string({ error: message }).regex(RECORD_ID, message);
export const isRecordId = (value: unknown): value is string => typeof value === "string" && RECORD_ID.test(value);
