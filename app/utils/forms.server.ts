import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "react-router";
import type { z } from "zod";

/** Parses a form with the shared zod schema (conform coerces strings, empty → undefined). */
export function parseForm<S extends z.ZodType>(form: FormData, schema: S) {
  return parseWithZod(form, { schema });
}

interface ReplyOptions {
  formErrors?: string[];
  fieldErrors?: Record<string, string[]>;
  hideFields?: string[];
}

/** 400 with the field errors and the user's input (minus secrets) so the form re-renders intact. */
export function invalid<R>(submission: { reply: (options?: ReplyOptions) => R }, options: ReplyOptions = {}, status = 400) {
  return data(submission.reply(options), { status });
}
