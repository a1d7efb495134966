import type { PermissionKey } from "~/utils/permissions";

/**
 * The events a member can be notified of, with the channel each one uses until the member chooses
 * (docs/decisions: notifications). Browser-safe: the preferences page lists these.
 *
 * Channels: `in_app` (inbox only), `email_now` (inbox + an email at once), `digest` (inbox + the
 * next daily digest email), `off` (nothing). Defaults: what needs a person's action or answers
 * their own submission is mailed at once (the approval mails the app sent before notifications
 * existed); due dates and expiries go to the digest; outcomes of work the member watches are
 * in-app only.
 *
 * `document_expiring` and `comment_mention` have no producer yet (compliance documents and
 * comments do not exist); they are listed so those modules only call notify().
 */
export const NOTIFICATION_CHANNELS = ["in_app", "email_now", "digest", "off"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const CHANNEL_LABELS: Record<NotificationChannel, string> = {
  in_app: "In the app only",
  email_now: "Email at once",
  digest: "Daily digest",
  off: "Off",
};

export const NOTIFICATION_EVENTS = {
  approval_requested: { label: "An approval is waiting for me", defaultChannel: "email_now" },
  approval_approved: { label: "My submission was approved", defaultChannel: "email_now" },
  approval_rejected: { label: "My submission was rejected", defaultChannel: "email_now" },
  vendor_invoice_due: { label: "A vendor invoice is due", defaultChannel: "digest" },
  pay_app_certified: { label: "A pay application was certified", defaultChannel: "in_app" },
  pay_app_paid: { label: "A pay application was paid", defaultChannel: "in_app" },
  import_finished: { label: "My import finished", defaultChannel: "in_app" },
  import_failed: { label: "My import failed", defaultChannel: "email_now" },
  document_expiring: { label: "A compliance document is expiring (once compliance exists)", defaultChannel: "digest" },
  comment_mention: { label: "I was mentioned in a comment (once comments exist)", defaultChannel: "email_now" },
  punch_item_assigned: { label: "A punch item was assigned to me", defaultChannel: "email_now" },
} as const satisfies Record<string, { label: string; defaultChannel: NotificationChannel }>;

export type NotificationKind = keyof typeof NOTIFICATION_EVENTS;
export const NOTIFICATION_KINDS = Object.keys(NOTIFICATION_EVENTS) as NotificationKind[];

/**
 * The key a member must hold to see a record of each kind: checked when a notification is created
 * and again when its email is sent (roles may change in between).
 */
export const RECORD_READ_KEYS = {
  change_order: "change_orders:read",
  commitment: "commitments:read",
  ap_invoice: "payables:read",
  pay_application: "receivables:read",
  import: "imports:run",
  punch_item: "field:read",
} as const satisfies Record<string, PermissionKey>;

export type RecordKind = keyof typeof RECORD_READ_KEYS;
export const isRecordKind = (kind: string): kind is RecordKind => kind in RECORD_READ_KEYS;
