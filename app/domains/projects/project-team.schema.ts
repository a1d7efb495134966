import { z } from "zod";
import { PROJECT_TEAM_ROLES } from "./project-team-roles";

export { PROJECT_TEAM_ROLE_LABELS, PROJECT_TEAM_ROLES, type ProjectTeamRole } from "./project-team-roles";

const role = z.enum(PROJECT_TEAM_ROLES, { message: "Choose a role on the project." });

/** The team page's three forms, told apart by their `intent` (browser-safe: the add form validates with it too). */
export const addTeamMemberSchema = z.object({
  intent: z.literal("add"),
  userId: z.uuid({ message: "Choose a member of the organization." }),
  role,
});

export const changeTeamRoleSchema = z.object({
  intent: z.literal("role"),
  teamMemberId: z.uuid({ message: "Choose a team member." }),
  role,
});

export const removeTeamMemberSchema = z.object({
  intent: z.literal("remove"),
  teamMemberId: z.uuid({ message: "Choose a team member." }),
});

export const teamActionSchema = z.discriminatedUnion("intent", [addTeamMemberSchema, changeTeamRoleSchema, removeTeamMemberSchema], {
  message: "Unknown action.",
});

export type AddTeamMemberInput = z.infer<typeof addTeamMemberSchema>;
