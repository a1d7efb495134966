import { describe, expect, it } from "vitest";
import { bodyOf, fieldsOf, newEntry, outboxSummary, replayDecision } from "./outbox-entry";

const now = new Date("2026-12-07T15:30:00Z");
const entryOf = (form: FormData, enctype = "application/x-www-form-urlencoded") =>
  newEntry({ id: "e1", action: "/projects/p/team", page: "/projects/p/team", label: " Add a team member ", enctype, fields: fieldsOf(form), now });

describe("a kept form post", () => {
  it("keeps text fields in order, with the submission token, and is sent urlencoded like the browser's post", () => {
    const form = new FormData();
    form.append("csrf", "c");
    form.append("submission", "2b0c9d4e-0000-4000-8000-000000000001");
    form.append("tag", "a");
    form.append("tag", "b & c");
    const entry = entryOf(form);
    expect(entry).toMatchObject({ label: "Add a team member", enctype: "application/x-www-form-urlencoded", status: "waiting", attempts: 0, createdAt: "2026-12-07T15:30:00.000Z" });
    const body = bodyOf(entry);
    expect(body).toBeInstanceOf(URLSearchParams);
    expect(body.toString()).toBe("csrf=c&submission=2b0c9d4e-0000-4000-8000-000000000001&tag=a&tag=b+%26+c");
  });

  it("keeps files as Blobs and sends them again as multipart with their names", async () => {
    const form = new FormData();
    form.append("caption", "Slab pour");
    form.append("photo", new File([new Uint8Array([1, 2, 3])], "pour.jpg", { type: "image/jpeg" }));
    const entry = entryOf(form);
    expect(entry.enctype).toBe("multipart/form-data");
    const [, kept] = entry.fields[1];
    expect(typeof kept === "string" ? null : kept.filename).toBe("pour.jpg");
    const body = bodyOf(entry) as FormData;
    const file = body.get("photo") as File;
    expect([body.get("caption"), file.name, file.type, [...new Uint8Array(await file.arrayBuffer())]]).toEqual(["Slab pour", "pour.jpg", "image/jpeg", [1, 2, 3]]);
  });

  it("is multipart when the form says so, even without a file", () => {
    const form = new FormData();
    form.append("a", "1");
    expect(bodyOf(entryOf(form, "multipart/form-data"))).toBeInstanceOf(FormData);
  });
});

describe("what a resend's answer means", () => {
  const answer = (status: number, message: string | null = null, finalPath = "/projects/p/team") => replayDecision({ kind: "answer", status, finalPath, message });

  it("removes what the server took, a repeat included (its redirect)", () => {
    for (const status of [200, 201, 204, 303]) expect(answer(status)).toEqual({ action: "remove" });
  });

  it("keeps what did not arrive or may succeed later", () => {
    expect(replayDecision({ kind: "network" })).toEqual({ action: "keep" });
    for (const status of [500, 502, 503, 408, 429]) expect(answer(status)).toEqual({ action: "keep" });
    expect(answer(409, "This form is already being submitted.")).toEqual({ action: "keep" });
  });

  it("asks for attention on a refusal, with the server's words, and when the session ended", () => {
    expect(answer(400, "Choose a member of the organization.")).toEqual({ action: "attention", problem: "Choose a member of the organization." });
    expect(answer(409, "That member is already on the team.")).toEqual({ action: "attention", problem: "That member is already on the team." });
    expect(answer(403)).toEqual({ action: "attention", problem: "The server refused it (403)." });
    expect(answer(200, null, "/login?redirectTo=%2Fprojects")).toMatchObject({ action: "attention" });
  });

  it("sums up what waits", () => {
    expect(outboxSummary([])).toBe("");
    expect(outboxSummary([{ status: "waiting" }, { status: "waiting" }])).toBe("2 waiting to send");
    expect(outboxSummary([{ status: "waiting" }, { status: "attention" }])).toBe("1 waiting to send, 1 needs attention");
  });
});
