import postgres from "postgres";
import { databaseUrls } from "@db/client";

/** Connections for tests: the owner (superuser in tests) and a one-connection app-role pool. */
export function ownerConnection() {
  return postgres(databaseUrls().owner, { max: 2, onnotice: () => {} });
}

export function appConnection(max = 1) {
  return postgres(databaseUrls().app, { max, onnotice: () => {} });
}
