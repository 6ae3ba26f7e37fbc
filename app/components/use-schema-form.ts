import { useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { replyFor } from "~/forms";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Conform's own bound for a form's fields
type Fields<S extends z.ZodType> = z.output<S> extends Record<string, any> ? z.output<S> : never;
type Options<S extends z.ZodType> = Omit<Parameters<typeof useForm<Fields<S>, z.output<S>, string[]>>[0], "constraint" | "onValidate" | "shouldValidate" | "shouldRevalidate">;

/**
 * A form of one zod schema, as every page builds it: the schema's constraints on the inputs (for a
 * browser without scripts), the same parse as the action's in the browser, first when a field is
 * left, then as the person types. `lastResult` is the action's `submission.reply()`; with `intent`
 * (one of several forms on a page) the form takes that name as its id and only its own reply.
 */
export function useSchemaForm<S extends z.ZodType>(schema: S, { intent, ...options }: Options<S> & { intent?: string } = {}) {
  return useForm<Fields<S>, z.output<S>, string[]>({
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    ...(intent ? { id: intent } : {}),
    ...options,
    ...(intent ? { lastResult: replyFor(options.lastResult, intent) } : {}),
  });
}
