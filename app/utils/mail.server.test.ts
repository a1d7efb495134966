import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "@jobs/worker";
import { ownerConnection } from "../../tests/support/connections";
import { withSystem } from "./db.server";
import { resetEnv } from "./env.server";
import { deliverQueuedEmail } from "./mail-delivery.server";
import { queueEmail, type Email } from "./mail.server";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let mailDir: string;
beforeAll(async () => {
  owner = ownerConnection();
  mailDir = await mkdtemp(path.join(tmpdir(), "secg-mail-"));
  process.env.MAIL_DIR = mailDir;
  resetEnv();
});
afterAll(async () => {
  delete process.env.MAIL_DIR;
  delete process.env.SMTP_URL;
  resetEnv();
  await rm(mailDir, { recursive: true, force: true });
  await owner.end();
});

const message = (to: string): Email => ({
  to,
  subject: "Hello <world>",
  text: "Plain body with a link: http://localhost:3000/verify-email?token=abc",
  html: "<p>HTML body</p>",
  template: "test",
});

const queue = (email: Email) => withSystem((tx) => queueEmail(tx, email));
const deliver = (id: string) => withSystem((tx) => deliverQueuedEmail(tx, id));
const sentAt = async (id: string) => (await owner`select sent_at from outbound_emails where id = ${id}`)[0].sent_at as Date | null;

describe("mail without SMTP_URL", () => {
  it("is written as an .eml file with plain text and HTML parts, once", async () => {
    const id = await queue(message("file@example.test"));
    expect(await deliver(id)).toBe("sent");
    expect(await deliver(id)).toBe("already-sent");
    const files = (await readdir(mailDir)).filter((f) => f.includes(id));
    expect(files).toHaveLength(1);
    const eml = await readFile(path.join(mailDir, files[0]), "utf8");
    expect(eml).toMatch(/^To: file@example\.test$/m);
    expect(eml).toMatch(/Content-Type: text\/plain/);
    expect(eml).toMatch(/Content-Type: text\/html/);
    expect(eml).toContain(`Message-ID: <${id}@secg-erp>`);
    expect(await sentAt(id)).not.toBeNull();
  });

  it("is delivered by the real worker from the job enqueued with the outbox row", async () => {
    const worker = await startWorker({ concurrency: 1, pollInterval: 100 });
    try {
      const id = await queue(message("worker@example.test"));
      const deadline = Date.now() + 15_000;
      while (!(await sentAt(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await sentAt(id)).not.toBeNull();
    } finally {
      await worker.stop();
    }
  });
});

describe("mail over SMTP", () => {
  it("goes to the SMTP server at SMTP_URL", async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, callback) {
        let data = "";
        stream.on("data", (chunk: Buffer) => (data += chunk.toString()));
        stream.on("end", () => {
          received.push(data);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    resetEnv();
    try {
      const id = await queue(message("smtp@example.test"));
      expect(await deliver(id)).toBe("sent");
      expect(received).toHaveLength(1);
      expect(received[0]).toMatch(/^Subject: Hello <world>$/m);
      expect(received[0]).toContain("verify-email?token=abc");
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      delete process.env.SMTP_URL;
      resetEnv();
    }
  });

  it("a refused send throws (so the job retries) and the message stays unsent", async () => {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error("mailbox unavailable"), { responseCode: 450 }));
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    resetEnv();
    try {
      const id = await queue(message("refused@example.test"));
      await expect(deliver(id)).rejects.toThrow(/failed/);
      expect(await sentAt(id)).toBeNull();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      delete process.env.SMTP_URL;
      resetEnv();
    }
  });
});
