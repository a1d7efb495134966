/** Where inspections and NCRs live (browser-safe). */
export const inspectionPath = (inspection: { projectId: string; id: string }) => `/projects/${inspection.projectId}/inspections/${inspection.id}`;
export const ncrPathOf = (ncr: { projectId: string; id: string }) => `/projects/${ncr.projectId}/ncrs/${ncr.id}`;
