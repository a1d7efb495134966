import type { TableDefinition } from "~/utils/data-table";
import type { Tx } from "~/utils/db.server";
import { knownKeys, urlColumns } from "~/utils/table-columns";
import { columnPreference } from "./table-views.server";

/** A `?cols=` naming a column the table does not have: the page answers 400 with this message. */
export class ColumnsRefused extends Error {}

export type ResolvedColumns = {
  /** The columns shown and exported, in order (every column when nothing was chosen). */
  keys: string[];
  /** The URL's own choice, which the page's links keep; null when the URL has none. */
  fromUrl: string[] | null;
};

/** The URL's `cols` when given (checked: unknown keys refused), else the member's remembered choice, else the defaults. */
export async function resolveColumns(tx: Tx, userId: string, def: TableDefinition, url: URL): Promise<ResolvedColumns> {
  const chosen = urlColumns(def, url);
  if (chosen && !chosen.ok) throw new ColumnsRefused(chosen.message);
  if (chosen) return { keys: chosen.keys, fromUrl: chosen.keys };
  const remembered = knownKeys(def, await columnPreference(tx, userId, def.id));
  return { keys: remembered ?? def.columns.map((c) => c.key), fromUrl: null };
}

export const columnsRefusedResponse = (error: ColumnsRefused) => new Response(error.message, { status: 400, statusText: "Bad Request" });
