import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, organizationId, tenantPolicy, updatedAt } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { users } from "./identity";
import { projects } from "./projects";
import { observations, punchItems } from "./punch";
import { projectMilestones } from "./schedule";

export const CHECKLIST_KINDS = ["quality", "safety"] as const;
export const CHECKLIST_VERSION_STATUSES = ["draft", "published"] as const;
export const ON_FAIL_ACTIONS = ["punch_item", "observation"] as const;
export const INSPECTION_STATUSES = ["in_progress", "completed"] as const;
export const ANSWER_RESULTS = ["pass", "fail", "na"] as const;
export const NCR_STATUSES = ["open", "corrective_action", "verified", "closed"] as const;

/** A checklist of the organization (quality or safety); its content lives in versions. */
export const checklistTemplates = pgTable(
  "checklist_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    name: text("name").notNull(),
    kind: text("kind", { enum: CHECKLIST_KINDS }).notNull(),
    description: text("description").notNull().default(""),
    archived: boolean("archived").notNull().default(false),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("checklist_templates_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("checklist_templates_org_name_key").on(t.organizationId, t.name),
    check("checklist_templates_kind_check", sql`kind in ('quality', 'safety')`),
    tenantPolicy(),
  ],
);

/**
 * One version of a template's sections and items. A published version is frozen (migration 0036's
 * trigger refuses any change to it or its sections and items); editing makes the next draft.
 */
export const checklistTemplateVersions = pgTable(
  "checklist_template_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    templateId: uuid("template_id").notNull(),
    versionNumber: integer("version_number").notNull(),
    status: text("status", { enum: CHECKLIST_VERSION_STATUSES }).notNull().default("draft"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    publishedBy: uuid("published_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("checklist_template_versions_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("checklist_template_versions_org_number_key").on(t.organizationId, t.templateId, t.versionNumber),
    // at most one draft per template
    uniqueIndex("checklist_template_versions_org_draft_key").on(t.organizationId, t.templateId).where(sql`status = 'draft'`),
    tenantRef("checklist_template_versions_template_fkey", [t.organizationId, t.templateId], [checklistTemplates.organizationId, checklistTemplates.id], "cascade"),
    check("checklist_template_versions_status_check", sql`(status = 'draft' and published_at is null) or (status = 'published' and published_at is not null)`),
    tenantPolicy(),
  ],
);

export const checklistSections = pgTable(
  "checklist_sections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    versionId: uuid("version_id").notNull(),
    title: text("title").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [
    uniqueIndex("checklist_sections_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("checklist_sections_org_version_position_key").on(t.organizationId, t.versionId, t.position),
    tenantRef("checklist_sections_version_fkey", [t.organizationId, t.versionId], [checklistTemplateVersions.organizationId, checklistTemplateVersions.id], "cascade"),
    tenantPolicy(),
  ],
);

export const checklistItems = pgTable(
  "checklist_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    versionId: uuid("version_id").notNull(),
    sectionId: uuid("section_id").notNull(),
    prompt: text("prompt").notNull(),
    guidance: text("guidance").notNull().default(""),
    required: boolean("required").notNull().default(true),
    onFail: text("on_fail", { enum: ON_FAIL_ACTIONS }).notNull().default("punch_item"),
    position: integer("position").notNull(),
  },
  (t) => [
    uniqueIndex("checklist_items_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("checklist_items_org_version_position_key").on(t.organizationId, t.versionId, t.position),
    index("checklist_items_org_section_idx").on(t.organizationId, t.sectionId),
    tenantRef("checklist_items_version_fkey", [t.organizationId, t.versionId], [checklistTemplateVersions.organizationId, checklistTemplateVersions.id], "cascade"),
    tenantRef("checklist_items_section_fkey", [t.organizationId, t.sectionId], [checklistSections.organizationId, checklistSections.id], "cascade"),
    check("checklist_items_on_fail_check", sql`on_fail in ('punch_item', 'observation')`),
    tenantPolicy(),
  ],
);

/**
 * An inspection of a project run on one published template version (kept, so it reads the same
 * after the template changes). Completed = signed and locked (migration 0036's trigger).
 */
export const inspections = pgTable(
  "inspections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    number: integer("number").notNull(),
    templateVersionId: uuid("template_version_id").notNull(),
    title: text("title").notNull(),
    location: text("location").notNull().default(""),
    milestoneId: uuid("milestone_id"),
    inspectorId: uuid("inspector_id").references(() => users.id, { onDelete: "set null" }),
    inspectedOn: date("inspected_on").notNull(),
    status: text("status", { enum: INSPECTION_STATUSES }).notNull().default("in_progress"),
    signedName: text("signed_name"),
    signedAt: date("signed_at"),
    completedBy: uuid("completed_by").references(() => users.id, { onDelete: "set null" }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("inspections_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("inspections_org_project_number_key").on(t.organizationId, t.projectId, t.number),
    index("inspections_org_project_inspected_idx").on(t.organizationId, t.projectId, t.inspectedOn),
    tenantRef("inspections_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantRef("inspections_template_version_fkey", [t.organizationId, t.templateVersionId], [checklistTemplateVersions.organizationId, checklistTemplateVersions.id]),
    tenantRef("inspections_milestone_fkey", [t.organizationId, t.milestoneId], [projectMilestones.organizationId, projectMilestones.id], "set null"),
    check("inspections_status_check", sql`status in ('in_progress', 'completed')`),
    check(
      "inspections_signature_check",
      sql`status = 'in_progress' or (length(btrim(signed_name)) > 0 and signed_at is not null and completed_at is not null)`,
    ),
    tenantPolicy(),
  ],
);

/** The answer to one item of an inspection, with the punch item or observation its failure raised (once). */
export const inspectionAnswers = pgTable(
  "inspection_answers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    inspectionId: uuid("inspection_id").notNull(),
    itemId: uuid("item_id").notNull(),
    result: text("result", { enum: ANSWER_RESULTS }).notNull(),
    note: text("note").notNull().default(""),
    punchItemId: uuid("punch_item_id"),
    observationId: uuid("observation_id"),
    answeredBy: uuid("answered_by").references(() => users.id, { onDelete: "set null" }),
    answeredAt: timestamp("answered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("inspection_answers_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("inspection_answers_org_inspection_item_key").on(t.organizationId, t.inspectionId, t.itemId),
    tenantRef("inspection_answers_inspection_fkey", [t.organizationId, t.inspectionId], [inspections.organizationId, inspections.id], "cascade"),
    tenantRef("inspection_answers_item_fkey", [t.organizationId, t.itemId], [checklistItems.organizationId, checklistItems.id]),
    tenantRef("inspection_answers_punch_item_fkey", [t.organizationId, t.punchItemId], [punchItems.organizationId, punchItems.id]),
    tenantRef("inspection_answers_observation_fkey", [t.organizationId, t.observationId], [observations.organizationId, observations.id]),
    check("inspection_answers_result_check", sql`result in ('pass', 'fail', 'na')`),
    check("inspection_answers_fail_note_check", sql`result <> 'fail' or length(btrim(note)) > 0`),
    tenantPolicy(),
  ],
);

/** A non-conformance report: open → corrective action → verified → closed, from a failed answer or on its own. */
export const ncrs = pgTable(
  "ncrs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    number: integer("number").notNull(),
    inspectionId: uuid("inspection_id"),
    answerId: uuid("answer_id"),
    title: text("title").notNull(),
    description: text("description").notNull(),
    location: text("location").notNull().default(""),
    rootCause: text("root_cause").notNull().default(""),
    correctiveAction: text("corrective_action").notNull().default(""),
    verifiedByName: text("verified_by_name").notNull().default(""),
    verifiedOn: date("verified_on"),
    verificationMethod: text("verification_method").notNull().default(""),
    status: text("status", { enum: NCR_STATUSES }).notNull().default("open"),
    raisedBy: uuid("raised_by").references(() => users.id, { onDelete: "set null" }),
    closedBy: uuid("closed_by").references(() => users.id, { onDelete: "set null" }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("ncrs_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("ncrs_org_project_number_key").on(t.organizationId, t.projectId, t.number),
    index("ncrs_org_inspection_idx").on(t.organizationId, t.inspectionId),
    tenantRef("ncrs_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantRef("ncrs_inspection_fkey", [t.organizationId, t.inspectionId], [inspections.organizationId, inspections.id]),
    tenantRef("ncrs_answer_fkey", [t.organizationId, t.answerId], [inspectionAnswers.organizationId, inspectionAnswers.id]),
    check("ncrs_status_check", sql`status in ('open', 'corrective_action', 'verified', 'closed')`),
    check("ncrs_corrective_action_check", sql`status = 'open' or length(btrim(corrective_action)) > 0`),
    check(
      "ncrs_verification_check",
      sql`status in ('open', 'corrective_action') or (length(btrim(verified_by_name)) > 0 and verified_on is not null and length(btrim(verification_method)) > 0)`,
    ),
    check("ncrs_closed_check", sql`(status = 'closed') = (closed_at is not null)`),
    tenantPolicy(),
  ],
);
