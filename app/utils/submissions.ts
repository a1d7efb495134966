/** The hidden form field carrying the page render's submission token (browser-safe constant). */
export const SUBMISSION_FIELD = "submission";
