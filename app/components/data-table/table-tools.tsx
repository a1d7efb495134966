import type { TableDefinition } from "~/utils/data-table";
import { ColumnChooser } from "./column-chooser";
import { SavedViews, type ViewLink } from "./saved-views";

export type TableViewState = {
  tableId: string;
  /** The columns shown and exported, in order. */
  columns: string[];
  /** The page as it is now (for the chooser to come back to). */
  returnTo: string;
  path: string;
  /** The query string a view saved now would hold: filters, sort, page size and the shown columns. */
  search: string;
  views: ViewLink[];
};

/** The column chooser and the views menu of a list page (its loader's `tableViewState`). */
export function TableTools({ definition, state }: { definition: TableDefinition; state: TableViewState }) {
  return (
    <>
      <SavedViews tableId={state.tableId} path={state.path} search={state.search} views={state.views} />
      <ColumnChooser definition={definition} keys={state.columns} returnTo={state.returnTo} />
    </>
  );
}
