import { useForm, type DefaultValue, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";

/**
 * conform wired to a shared zod schema the way every form here works: HTML constraints from the
 * schema, client validation on blur then on input, and the server's reply (400 + errors + the
 * user's input) as `lastResult`. The server's parse stays the authority.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function useZodForm<S extends z.ZodType<Record<string, any>, Record<string, any>>>(
  schema: S,
  options: { lastResult?: SubmissionResult<string[]> | null; defaultValue?: DefaultValue<z.input<S>>; id?: string } = {},
) {
  return useForm<z.input<S>, z.output<S>>({
    id: options.id,
    lastResult: options.lastResult,
    defaultValue: options.defaultValue,
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
}
