import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { currentOrganizationId } from "@db/schema/_shared";
import type { Tx } from "./db.server";
import { redirectWithFlash } from "./flash.server";
import { SUBMISSION_FIELD } from "./submissions";
import { queryRows } from "~/utils/db.server";

/** A fresh token per page render (the root loader); every form of the page carries it. */
export const newSubmissionToken = () => randomUUID();

const tokenSchema = z.uuid();
const currentUserId = sql`nullif(current_setting('app.user_id', true), '')::uuid`;

export interface Created {
  /** Where the user goes next: the record the post created. */
  location: string;
  /** The success message shown there. */
  message: string;
}

export interface Submitted extends Created {
  /** True when this post repeated an earlier one and created nothing. */
  repeated: boolean;
}

/**
 * Runs `create` once per submission token and form: the first post with a token creates and
 * remembers where it led, in the same transaction; the same post again (a double click, a resend
 * after a timeout, the back button and submit) creates nothing and leads to the same place. A
 * concurrent repeat waits on the token's key until the first commits (then it is a repeat) or rolls
 * back (then it creates). A post without a valid token (an API client) creates every time.
 */
export async function submitOnce(tx: Tx, request: Request, form: FormData, create: () => Promise<Created>): Promise<Submitted> {
  const token = tokenSchema.safeParse(form.get(SUBMISSION_FIELD));
  if (!token.success) return { ...(await create()), repeated: false };
  const scope = `${new URL(request.url).pathname}#${String(form.get("intent") ?? "")}`;
  const claimed = await queryRows(tx, sql`
    insert into form_submissions (organization_id, token, scope, user_id)
    values (${currentOrganizationId}, ${token.data}, ${scope}, ${currentUserId})
    on conflict do nothing returning token`);
  if (claimed.length === 0) {
    const [first] = await queryRows<{ location: string | null }>(tx, sql`
      select location from form_submissions where organization_id = ${currentOrganizationId} and token = ${token.data} and scope = ${scope}`);
    if (!first?.location) throw new Response("This form is already being submitted.", { status: 409 });
    return { location: first.location, message: "This form was already submitted: nothing new was created. Here is what it created.", repeated: true };
  }
  const created = await create();
  // The user's tokens older than a day are forgotten here: no resend comes that late.
  await tx.execute(sql`
    with forgotten as (
      delete from form_submissions where organization_id = ${currentOrganizationId} and user_id = ${currentUserId}
        and created_at < now() - interval '1 day')
    update form_submissions set location = ${created.location}
    where organization_id = ${currentOrganizationId} and token = ${token.data} and scope = ${scope}`);
  return { ...created, repeated: false };
}

/** The redirect after submitOnce: the success message, or that nothing new was created. */
export const redirectSubmitted = (submitted: Submitted) =>
  redirectWithFlash(submitted.location, { kind: submitted.repeated ? "info" : "success", message: submitted.message });
