import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { loginSchema } from "~/domains/identity/identity.schema";
import { attemptLogin } from "~/domains/identity/login.server";
import { requestInfo } from "./request-info.server";

export interface SignedIn {
  userId: string;
  token: string;
}

/** A refusal the sign-in form shows as is (wrong password, locked, throttled, bad input). */
export class LoginRefused extends Error {
  constructor(
    message: string,
    readonly status: 400 | 401 | 429,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

/**
 * remix-auth 4 with its form strategy: it only runs our verify callback; the session is ours
 * (sessions table + cookie), written by attemptLogin.
 */
export const authenticator = new Authenticator<SignedIn>();

authenticator.use(
  new FormStrategy(async ({ form, request }) => {
    const parsed = loginSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message);
      throw new LoginRefused("Check the highlighted fields.", 400, fieldErrors);
    }
    const outcome = await attemptLogin(parsed.data.email, parsed.data.password, requestInfo(request));
    if (!outcome.ok) throw new LoginRefused(outcome.message, outcome.reason === "invalid" ? 401 : 429);
    return { userId: outcome.userId, token: outcome.token };
  }),
  "form",
);
