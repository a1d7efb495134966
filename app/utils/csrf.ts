/** The hidden form field carrying the CSRF token (browser-safe constant). */
export const CSRF_FIELD = "csrf";
