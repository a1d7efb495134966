/** The hidden form field carrying the page render's submission token (browser-safe constant). */
export const SUBMISSION_FIELD = "submission";
/** Sent by the offline outbox's first try of a form post (app/components/offline): the page its redirect leads to leaves the flash message for the app's own navigation. */
export const OUTBOX_HEADER = "X-Outbox";
