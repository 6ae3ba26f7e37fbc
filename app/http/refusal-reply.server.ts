import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
import { Refusal } from "./refusals";

/**
 * What an action answers when a feature refused: the same form again, the reason beside its field
 * (or above the form) and the refusal's status. Anything that is not a refusal is rethrown, so it
 * is logged and answered as the fault it is.
 */
export function replyRefused(submission: { reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]> }, error: unknown) {
  if (!(error instanceof Refusal)) throw error;
  const reply = error.field ? submission.reply({ fieldErrors: { [error.field]: [error.message] } }) : submission.reply({ formErrors: [error.message] });
  return data(reply, { status: error.status });
}

/** In a loader or a download: a refusal becomes a plain answer with its status; anything else is rethrown. */
export function refusedResponse(error: unknown): Response {
  if (!(error instanceof Refusal)) throw error;
  return new Response(error.message, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
