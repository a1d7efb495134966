/** A record that does not exist for this tenant (RLS hides other tenants' rows): routes answer 404. */
export class RecordNotFound extends Error {
  constructor(what = "record") {
    super(`That ${what} does not exist in this organization.`);
  }
}

export const notFoundResponse = (error: RecordNotFound) => new Response(error.message, { status: 404, statusText: "Not Found" });
