import { and, asc, eq, ne, sql } from "drizzle-orm";
import { CONTRACT_TYPES as DB_CONTRACT_TYPES, memberships, PROJECT_STATUSES as DB_PROJECT_STATUSES, projects, users } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { listMembers } from "~/domains/organizations/members.server";
import { getOrganizationSettings } from "~/domains/organizations/organizations.server";
import { recordAudit } from "~/utils/audit.server";
import { serverTable } from "~/utils/data-table.server";
import type { Tx } from "~/utils/db.server";
import { percentToRate, rateToPercent } from "~/utils/money";
import { RecordNotFound } from "~/utils/not-found.server";
import { CONTRACT_TYPE_LABELS, PROJECT_STATUS_LABELS, type ContractType, type ProjectInput, type ProjectStatus, type UpdateProjectInput } from "./projects.schema";
import { projectsTable } from "./projects.table";
import { isUuid } from "~/utils/ids";
import { isUniqueViolation } from "~/utils/pg-errors.server";

export { CONTRACT_TYPE_LABELS, PROJECT_STATUS_LABELS };

// The browser-safe lists in projects.schema.ts must stay the database's lists: a mismatch fails tsc.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _listsAgree: Same<(typeof DB_PROJECT_STATUSES)[number], ProjectStatus> & Same<(typeof DB_CONTRACT_TYPES)[number], ContractType> = true;

/** A business rule refused the input; `field` names the form field to show it on. */
export class ProjectRefused extends Error {
  constructor(
    message: string,
    readonly field: "jobNumber" | "projectManagerId",
  ) {
    super(message);
  }
}

export class StaleProject extends Error {
  constructor() {
    super("Someone else changed this project meanwhile. Reload to see their changes, then try again.");
  }
}


/** Constant labels inlined as SQL literals (they are ours, never user input). */
const labelCase = (column: string, labels: Record<string, string>) =>
  sql.raw(`case ${column} ${Object.entries(labels).map(([value, label]) => `when '${value}' then '${label.replace(/'/g, "''")}'`).join(" ")} end`);

export const projectsList = serverTable(projectsTable, {
  from: sql`projects p left join users u on u.id = p.project_manager_id`,
  columns: {
    jobNumber: sql`p.job_number`,
    name: sql`p.name`,
    client: sql`p.client_name`,
    status: labelCase("p.status", PROJECT_STATUS_LABELS),
    contractType: labelCase("p.contract_type", CONTRACT_TYPE_LABELS),
    startDate: sql`p.start_date`,
    endDate: sql`p.end_date`,
    projectManager: sql`coalesce(u.name, '')`,
  },
  id: sql`p.id`,
  extra: { href: sql`'/projects/' || p.id` },
});

const projectColumns = {
  id: projects.id,
  jobNumber: projects.jobNumber,
  name: projects.name,
  clientName: projects.clientName,
  address: projects.address,
  status: projects.status,
  contractType: projects.contractType,
  startDate: projects.startDate,
  endDate: projects.endDate,
  projectManagerId: projects.projectManagerId,
  projectManagerName: users.name,
  defaultRetainageRate: projects.defaultRetainageRate,
  budgetLockedAt: projects.budgetLockedAt,
  budgetLockedBy: projects.budgetLockedBy,
  version: projects.version,
  createdAt: projects.createdAt,
  updatedAt: projects.updatedAt,
};

/**
 * One project of the current tenant. A malformed id, a missing one and another tenant's (hidden
 * by RLS) are all RecordNotFound, so routes answer 404 without revealing which.
 */
export async function getProject(tx: Tx, projectId: string) {
  if (!isUuid(projectId)) throw new RecordNotFound("project");
  const [row] = await tx.select(projectColumns).from(projects).leftJoin(users, eq(users.id, projects.projectManagerId)).where(eq(projects.id, projectId));
  if (!row) throw new RecordNotFound("project");
  return row;
}

export type Project = Awaited<ReturnType<typeof getProject>>;

/** Projects for other domains' select boxes, by job number. */
export async function listProjectOptions(tx: Tx) {
  const rows = await tx
    .select({ id: projects.id, jobNumber: projects.jobNumber, name: projects.name, status: projects.status })
    .from(projects)
    .orderBy(asc(projects.jobNumber));
  return rows.map((r) => ({ ...r, label: `${r.jobNumber} · ${r.name}` }));
}

/** What the project form offers: the members who can manage it and the organization's default retainage. */
export async function projectFormOptions(tx: Tx) {
  const [members, settings] = [await listMembers(tx), await getOrganizationSettings(tx)];
  return {
    managers: members.map((m) => ({ value: m.userId, label: m.name || m.email })),
    defaultRetainagePercent: rateToPercent(settings.defaultRetainageRate),
  };
}

async function checkInput(tx: Tx, input: ProjectInput, exceptId?: string) {
  const sameNumber = eq(projects.jobNumber, input.jobNumber);
  const [taken] = await tx.select({ id: projects.id }).from(projects).where(exceptId ? and(sameNumber, ne(projects.id, exceptId)) : sameNumber);
  if (taken) throw duplicateJobNumber(input.jobNumber);
  if (input.projectManagerId) {
    const [member] = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, input.projectManagerId));
    if (!member) throw new ProjectRefused("Choose a member of this organization as project manager.", "projectManagerId");
  }
}

const duplicateJobNumber = (jobNumber: string) => new ProjectRefused(`Job number ${jobNumber} is already used by another project.`, "jobNumber");

function isDuplicateJobNumber(error: unknown) {
  return isUniqueViolation(error, "projects_org_job_number_key");
}

function columnsOf(input: ProjectInput) {
  return {
    jobNumber: input.jobNumber,
    name: input.name,
    clientName: input.clientName,
    address: input.address,
    status: input.status,
    contractType: input.contractType,
    startDate: input.startDate ?? null,
    endDate: input.endDate ?? null,
    projectManagerId: input.projectManagerId ?? null,
    // The schema already accepted the percent, so this cannot be null.
    defaultRetainageRate: percentToRate(input.defaultRetainagePercent)!,
  };
}

export async function createProject(tx: Tx, input: ProjectInput) {
  await checkInput(tx, input);
  try {
    const [created] = await tx
      .insert(projects)
      .values({ organizationId: sql`${currentOrganizationId}`, ...columnsOf(input) })
      .returning({ id: projects.id });
    const project = await getProject(tx, created.id);
    await recordAudit(tx, { entityType: "project", entityId: project.id, action: "created", after: project });
    return project;
  } catch (error) {
    if (isDuplicateJobNumber(error)) throw duplicateJobNumber(input.jobNumber);
    throw error;
  }
}

/** Saves the project if nobody saved it since `version` was read (else StaleProject). */
export async function updateProject(tx: Tx, projectId: string, input: UpdateProjectInput) {
  const before = await getProject(tx, projectId);
  await checkInput(tx, input, projectId);
  try {
    const updated = await tx
      .update(projects)
      .set({ ...columnsOf(input), version: sql`${projects.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(projects.id, projectId), eq(projects.version, input.version)))
      .returning({ id: projects.id });
    if (updated.length === 0) throw new StaleProject();
  } catch (error) {
    if (isDuplicateJobNumber(error)) throw duplicateJobNumber(input.jobNumber);
    throw error;
  }
  const after = await getProject(tx, projectId);
  await recordAudit(tx, { entityType: "project", entityId: projectId, action: "updated", before, after });
  return after;
}
