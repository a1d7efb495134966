import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { userInfo } from "node:os";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** Flags for headless Chromium on a machine with no outside network (STACK.md trap 14). */
export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The system Chromium (CHROMIUM_PATH wins); installs Debian's package when missing and root. */
export function ensureChromium(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist`);
    return configured;
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  if (userInfo().uid !== 0) {
    throw new Error("Chromium is missing: run `sudo apt-get install -y chromium` or set CHROMIUM_PATH.");
  }
  process.stderr.write("Chromium is missing; installing Debian's chromium package…\n");
  const apt = (...args: string[]) => execFileSync("apt-get", args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  try {
    apt("install", "-y", "chromium");
  } catch {
    apt("update");
    apt("install", "-y", "chromium");
  }
  return CANDIDATES[0];
}
