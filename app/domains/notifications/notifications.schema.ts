import { z } from "zod";
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, type NotificationChannel, type NotificationKind } from "./events";

/** The preferences form: one radio group per event, named by its kind; every event must be answered. */
export const preferencesSchema = z.object(
  Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, z.enum(NOTIFICATION_CHANNELS, { error: "Choose how to be told of this event" })])) as Record<
    NotificationKind,
    z.ZodEnum<{ [C in NotificationChannel]: C }>
  >,
);
