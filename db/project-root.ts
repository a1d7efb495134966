import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The checkout's root folder. This file sits one level below it, and so does the bundled server
 * (build/server.js, scripts/build-server.mjs) it ends up in: the same expression holds for both.
 */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
