/// <reference types="vitest/config" />
import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

const isVitest = Boolean(process.env.VITEST);

export default defineConfig({
  server: { hmr: { port: Number(process.env.HMR_PORT ?? 24678) } },
  plugins: [tailwindcss(), !isVitest && reactRouter(), tsconfigPaths()],
  test: {
    include: ["app/**/*.test.ts", "db/**/*.test.ts", "jobs/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/database-per-file.ts"],
    // Bounds against hangs, not speed checks (speed lives in `npm run bench`): a test that seeds
    // the demo organization takes ~1 s on a quiet machine and over 30 s on two saturated cores.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: "forks",
    allowOnly: false,
  },
});
