import type { Config } from "@react-router/dev/config";

/** Server rendering of every page (forms and tables work without JavaScript); the build lands in build/. */
export default {
  ssr: true,
  appDirectory: "app",
  buildDirectory: "build",
} satisfies Config;
