/**
 * How an import's status reads on every page (browser-safe; db/schema/imports.ts holds the same
 * statuses; import-page.server.ts checks each has a label): "parsing" is the validation step.
 */
export const IMPORT_STATUS_LABELS = {
  queued: "Queued",
  parsing: "Validating",
  validated: "Validated",
  committing: "Committing",
  done: "Done",
  failed: "Failed",
} as const;

export type ImportStatusKey = keyof typeof IMPORT_STATUS_LABELS;

export const importPath = (id: string) => `/imports/${id}`;
