/** Crew hours beside the job cost actuals: per report row, per division, and the total (decimal strings). */
export type CrewHours = { byRow: Record<string, string>; byDivision: Record<string, string>; total: string };
