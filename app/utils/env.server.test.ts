import { describe, expect, it } from "vitest";
import { loadEnv } from "./env.server";

describe("loadEnv", () => {
  it("applies documented defaults", () => {
    const env = loadEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATA_DIR).toBe(".data");
    expect(env.RUN_WORKER).toBe(true);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("names every invalid variable in one message", () => {
    expect(() => loadEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", RUN_WORKER: "maybe" })).toThrow(
      /PORT[\s\S]*DATABASE_URL: must be a postgres:\/\/ URL[\s\S]*RUN_WORKER|PORT[\s\S]*RUN_WORKER/,
    );
  });

  it("requires runtime role credentials, a session secret and the public URL in production with an external database", () => {
    const base = { NODE_ENV: "production", DATABASE_URL: "postgres://owner:pw@db:5432/secg" };
    expect(() => loadEnv(base)).toThrow(/APP_DATABASE_PASSWORD/);
    expect(() => loadEnv({ ...base, APP_DATABASE_PASSWORD: "long-enough-password" })).toThrow(/SESSION_SECRET/);
    const secrets = { ...base, APP_DATABASE_PASSWORD: "long-enough-password", SESSION_SECRET: "x".repeat(32) };
    expect(() => loadEnv(secrets)).toThrow(/APP_URL/);
    const ok = loadEnv({ ...secrets, APP_URL: "https://erp.example.com" });
    expect(ok.NODE_ENV).toBe("production");
  });

  it("treats empty strings as unset", () => {
    expect(loadEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });
});
