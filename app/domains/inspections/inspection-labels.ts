/** Names and numbers of checklists, inspections and NCRs as people read them (browser-safe). */

export const inspectionNumber = (n: number) => `I-${String(n).padStart(3, "0")}`;
export const ncrNumber = (n: number) => `NCR-${String(n).padStart(3, "0")}`;

export const CHECKLIST_KIND_LABELS = { quality: "Quality", safety: "Safety" } as const;
export const ON_FAIL_LABELS = { punch_item: "Punch item", observation: "Observation" } as const;
export const RESULT_LABELS = { pass: "Pass", fail: "Fail", na: "N/A" } as const;
export const INSPECTION_STATUS_LABELS = { in_progress: "In progress", completed: "Completed" } as const;
export const NCR_STATUS_LABELS = { open: "Open", corrective_action: "Corrective action", verified: "Verified", closed: "Closed" } as const;

export const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

/** The coded values of a labels map, as a tuple zod's enum takes (the database's check constraints hold the same values). */
export const codes = <K extends string>(labels: Record<K, string>) => Object.keys(labels) as [K, ...K[]];
