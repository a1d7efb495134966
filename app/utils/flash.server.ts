import { createCookieSessionStorage, redirect } from "react-router";
import { z } from "zod";
import { env, sessionSecret } from "./env.server";
import { OUTBOX_HEADER } from "./submissions";

export const flashSchema = z.object({
  kind: z.enum(["success", "info", "error"]),
  message: z.string().max(500),
});
export type Flash = z.infer<typeof flashSchema>;

type FlashStorage = ReturnType<typeof createCookieSessionStorage<Record<string, never>, { flash: Flash }>>;
let storage: FlashStorage | undefined;
function flashStorage() {
  storage ??= createCookieSessionStorage<Record<string, never>, { flash: Flash }>({
    cookie: {
      name: "__flash",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: env().NODE_ENV === "production",
      secrets: [sessionSecret()],
    },
  });
  return storage;
}

/** Redirect (303: the browser follows with GET, so a reload never re-posts) with a one-time message. */
export async function redirectWithFlash(url: string, flash: Flash, setCookies: string[] = []) {
  const session = await flashStorage().getSession();
  session.flash("flash", flash);
  const headers = new Headers();
  for (const cookie of [...setCookies, await flashStorage().commitSession(session)]) headers.append("Set-Cookie", cookie);
  return redirect(url, { status: 303, headers });
}

/** Reads and clears the pending message; the returned header must be sent with the response. */
export async function readFlash(request: Request): Promise<{ flash: Flash | null; setCookie: string | null }> {
  if (request.headers.has(OUTBOX_HEADER)) return { flash: null, setCookie: null };
  const session = await flashStorage().getSession(request.headers.get("Cookie"));
  const parsed = flashSchema.safeParse(session.get("flash"));
  if (!parsed.success) return { flash: null, setCookie: null };
  return { flash: parsed.data, setCookie: await flashStorage().commitSession(session) };
}
