/**
 * Reads the messages the app under test writes as .eml files (SMTP_URL unset): tests/e2e/serve.ts
 * points MAIL_DIR at e2eMailDir(port) and empties it at start. Plain Node, no Playwright imports:
 * serve.ts imports this module too.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Port of the e2e server (playwright.config.ts: E2E_PORT, default 3311). */
export const e2ePort = () => Number(process.env.E2E_PORT ?? 3311);

/**
 * One folder per server port, outside Playwright's outputDir (test-results/ is wiped at the start
 * of every run, also by a concurrent run on another port).
 */
export const e2eMailDir = (port = e2ePort()) => path.resolve(".data", "e2e-mail", String(port));

/** The origin mailed links use (serve.ts sets APP_URL to it). */
export const e2eAppUrl = (port = e2ePort()) => `http://localhost:${port}`;

export interface Mail {
  file: string;
  to: string;
  subject: string;
  /** The text/plain body, decoded. */
  text: string;
  /** The text/html body, decoded ("" when there is none). */
  html: string;
  /** Every http(s) URL in the message, decoded, in order, without duplicates. */
  links: string[];
}

type Headers = Map<string, string>;

function splitHeaders(raw: string): { headers: Headers; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : "";
  const headers: Headers = new Map();
  // Unfold continuation lines, then one header per line.
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** Quoted-printable: soft line breaks (`=` at line end), then `=XX` byte escapes, as UTF-8. */
export function decodeQuotedPrintable(input: string): string {
  const joined = input.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) in a header value. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : decodeQuotedPrintable(text.replace(/_/g, " ")),
    );
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? "7bit").toLowerCase()) {
    case "quoted-printable":
      return decodeQuotedPrintable(body);
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    default:
      return body;
  }
}

/** Leaf parts of a (possibly nested) MIME entity as [content type, decoded body]. */
function leafParts(raw: string): { type: string; body: string }[] {
  const { headers, body } = splitHeaders(raw);
  const contentType = headers.get("content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (/^multipart\//i.test(contentType) && boundary) {
    // Preamble, then one segment per part; the closing delimiter's segment starts with "--".
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((segment) => !segment.startsWith("--"))
      .map((segment) => segment.replace(/^[ \t]*\r?\n/, "").replace(/\r?\n$/, ""))
      .flatMap(leafParts);
  }
  return [{ type: contentType.split(";")[0].trim().toLowerCase(), body: decodeBody(body, headers.get("content-transfer-encoding")) }];
}

const unescapeHtml = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

export function parseMail(raw: string, file = ""): Mail {
  const { headers } = splitHeaders(raw);
  const parts = leafParts(raw);
  const text = parts.find((p) => p.type === "text/plain")?.body ?? "";
  const html = parts.find((p) => p.type === "text/html")?.body ?? "";
  const found = [
    ...text.matchAll(/https?:\/\/[^\s<>"')]+/g),
    ...[...html.matchAll(/href="([^"]+)"/g)].map((m) => [unescapeHtml(m[1])]),
  ].map((m) => m[0]);
  return {
    file,
    to: decodeHeader(headers.get("to") ?? ""),
    subject: decodeHeader(headers.get("subject") ?? ""),
    text,
    html,
    links: [...new Set(found.filter((l) => /^https?:\/\//.test(l)))],
  };
}

/** Every message in the folder, oldest first (file names start with an ISO timestamp). */
export function readAllMail(dir = e2eMailDir()): Mail[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .sort()
    .map((f) => parseMail(readFileSync(path.join(dir, f), "utf8"), f));
}

export interface MailQuery {
  /** Exact recipient address (case-insensitive). */
  to: string;
  subjectIncludes?: string;
}

const addressOf = (header: string) => (/<([^>]+)>/.exec(header)?.[1] ?? header).trim().toLowerCase();

export function findMail({ to, subjectIncludes }: MailQuery, dir = e2eMailDir()): Mail[] {
  return readAllMail(dir).filter(
    (m) => addressOf(m.to) === to.toLowerCase() && (!subjectIncludes || m.subject.includes(subjectIncludes)),
  );
}

/**
 * Polls the mail folder until a message to `to` (whose subject includes `subjectIncludes`) is
 * there; the worker sends from a background job, so this takes a moment. With `skip`, waits for
 * the (skip+1)-th such message.
 */
export async function waitForMail(query: MailQuery & { timeoutMs?: number; skip?: number }): Promise<Mail> {
  const deadline = Date.now() + (query.timeoutMs ?? 15_000);
  for (;;) {
    const found = findMail(query)[query.skip ?? 0];
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`No mail to ${query.to}${query.subjectIncludes ? ` with subject "${query.subjectIncludes}"` : ""} in ${e2eMailDir()}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** The one link of a mail that starts with `${APP_URL}${pathPrefix}`. */
export function mailLink(mail: Mail, pathPrefix: string): string {
  const link = mail.links.find((l) => l.startsWith(`${e2eAppUrl()}${pathPrefix}`));
  if (!link) throw new Error(`No ${e2eAppUrl()}${pathPrefix}… link in "${mail.subject}": ${mail.links.join(", ")}`);
  return link;
}

/**
 * Path and query of a mailed link. Mailed links use APP_URL (http://localhost:PORT) while the
 * specs talk to baseURL (http://127.0.0.1:PORT): cookies are per host, so specs open the path.
 */
export const pathOf = (link: string) => {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
};

/**
 * Throws if a matching message shows up within `withinMs` (mail is sent by a background job, so
 * "none yet" is only meaningful after a wait; callers wait for a mail queued after theirs first).
 */
export async function assertNoMail(query: MailQuery, withinMs = 2_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const found = findMail(query);
    if (found.length) throw new Error(`Unexpected mail to ${query.to}: "${found[0].subject}" (${found[0].file})`);
    if (Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
