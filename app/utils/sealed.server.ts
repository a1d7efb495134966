import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { sessionSecret } from "./env.server";

/**
 * Text the database keeps but must not be able to use: AES-256-GCM under a key derived from
 * SESSION_SECRET, which the database roles never see. Outbox bodies carry live reset, verification
 * and invitation links, so a reader of outbound_emails learns nothing from them.
 */
const PREFIX = "sealed:v1:";

const keyFor = (purpose: string) => Buffer.from(hkdfSync("sha256", sessionSecret(), "secg-erp", `sealed:${purpose}`, 32));

export function seal(purpose: string, text: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(purpose), iv);
  const body = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

/** Opens what `seal` wrote; text written before sealing existed (no prefix) comes back as it is. */
export function unseal(purpose: string, value: string) {
  if (!value.startsWith(PREFIX)) return value;
  const raw = Buffer.from(value.slice(PREFIX.length), "base64url");
  const decipher = createDecipheriv("aes-256-gcm", keyFor(purpose), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}
