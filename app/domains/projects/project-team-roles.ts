/**
 * The roles a member can hold on one project's team (not the organization role, which decides
 * permissions). Browser-safe leaf: the database schema and the team page both read it.
 */
export const PROJECT_TEAM_ROLES = [
  "project_manager",
  "superintendent",
  "assistant_superintendent",
  "foreman",
  "project_engineer",
  "safety_manager",
  "other",
] as const;
export type ProjectTeamRole = (typeof PROJECT_TEAM_ROLES)[number];

export const PROJECT_TEAM_ROLE_LABELS: Record<ProjectTeamRole, string> = {
  project_manager: "Project manager",
  superintendent: "Superintendent",
  assistant_superintendent: "Assistant superintendent",
  foreman: "Foreman",
  project_engineer: "Project engineer",
  safety_manager: "Safety manager",
  other: "Other",
};
