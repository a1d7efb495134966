import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

/** This process's worker identity, as written to worker_heartbeats and completed checks. */
export const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
