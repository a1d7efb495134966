import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

const serverOnly = {
  patterns: [
    {
      group: ["@db/*", "@jobs/*", "**/db/*", "**/jobs/*", "../db/*", "../jobs/*"],
      message: "db/ and jobs/ may be imported only from .server.ts files and job code (DESIGN.md).",
    },
  ],
};

export default tseslint.config(
  { ignores: ["build/", "node_modules/", "reports/", "test-results/", "playwright-report/", ".data/", ".react-router/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Browser-reachable app code: routes, components, schemas. Server work goes through *.server.ts.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.server.ts", "app/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", serverOnly] },
  },
);
