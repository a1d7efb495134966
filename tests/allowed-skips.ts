/**
 * The only tests allowed to be skipped, each with its reason. Key: the file (from the repository
 * root) and the test's full title, as `file › title`. Any other skipped test (`.skip`, `skipIf`,
 * `todo`, a Playwright `test.skip`) counts as a failure in `npm test` and CI (tests/summary.ts).
 */
export const ALLOWED_SKIPS: Record<string, string> = {};
