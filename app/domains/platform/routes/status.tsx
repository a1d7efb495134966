import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData, useNavigation, useRevalidator } from "react-router";
import { useEffect } from "react";
import { z } from "zod";
import { PostForm } from "~/components/forms";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withSystem } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { recentChecks, requestCheck } from "../checks.server";
import { readiness } from "../health.server";

export const meta: MetaFunction = () => [{ title: "Platform status · SECG ERP" }];

const actionInput = z.object({ intent: z.literal("run-check") });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireMember(request, "platform:status");
  const [health, checks] = await Promise.all([readiness(), withSystem((tx) => recentChecks(tx))]);
  return {
    health,
    checks: checks.map((c) => ({
      id: c.id,
      requestedAt: c.requestedAt.toISOString(),
      completedAt: c.completedAt?.toISOString() ?? null,
      workerId: c.workerId,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  await requireMember(request, "platform:status");
  const parsed = actionInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return redirectWithFlash("/status", { kind: "error", message: "Unknown action." });
  const result = await withSystem((tx) => requestCheck(tx, context.requestId));
  return redirectWithFlash(
    "/status",
    result.queued
      ? { kind: "success", message: "Check queued: the worker will complete it in a moment." }
      : { kind: "info", message: result.reason },
  );
}

function Indicator({ ok, label, detail }: { ok: boolean; label: string; detail: string }) {
  return (
    <div className="rounded border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className={`mt-1 font-semibold ${ok ? "text-green-700" : "text-red-700"}`}>{ok ? "OK" : "Not ready"}</dd>
      <dd className="text-sm text-slate-600">{detail}</dd>
    </div>
  );
}

export default function Status() {
  const { health, checks } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const pending = checks.some((c) => !c.completedAt);

  // Without JavaScript the meta refresh below reloads the page; with it, revalidate in place.
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(timer);
  }, [pending, revalidator]);

  return (
    <section>
      {pending ? (
        <noscript>
          <meta httpEquiv="refresh" content="2" />
        </noscript>
      ) : null}
      <h1 className="text-2xl font-semibold">Platform status</h1>
      <dl className="mt-4 grid gap-3 sm:grid-cols-3">
        <Indicator ok={health.database.ok} label="Database" detail={health.database.ok ? "reachable as the app role" : "unreachable"} />
        <Indicator
          ok={health.migrations.ok}
          label="Migrations"
          detail={`${health.migrations.applied} of ${health.migrations.expected} applied`}
        />
        <Indicator
          ok={health.worker.ok}
          label="Worker"
          detail={health.worker.lastSeenSecondsAgo === null ? "no heartbeat yet" : `last heartbeat ${health.worker.lastSeenSecondsAgo}s ago`}
        />
      </dl>

      <h2 className="mt-8 text-lg font-semibold">Round trips through the job queue</h2>
      <PostForm className="mt-2">
        <input type="hidden" name="intent" value="run-check" />
        <button
          type="submit"
          disabled={navigation.state !== "idle"}
          className="rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          Run a check
        </button>
      </PostForm>
      <table className="mt-4 w-full max-w-3xl border-collapse bg-white text-sm" data-testid="checks">
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-500">
            <th className="px-3 py-2 font-medium">Requested (UTC)</th>
            <th className="px-3 py-2 font-medium">Completed (UTC)</th>
            <th className="px-3 py-2 font-medium">Worker</th>
          </tr>
        </thead>
        <tbody>
          {checks.length === 0 ? (
            <tr>
              <td colSpan={3} className="px-3 py-4 text-slate-500">
                No checks yet.
              </td>
            </tr>
          ) : (
            checks.map((c) => (
              <tr key={c.id} className="border-b border-slate-100">
                <td className="px-3 py-2 tabular-nums">{c.requestedAt.replace("T", " ").slice(0, 19)}</td>
                <td className="px-3 py-2 tabular-nums">{c.completedAt ? c.completedAt.replace("T", " ").slice(0, 19) : "pending"}</td>
                <td className="px-3 py-2 text-slate-600">{c.workerId ?? "—"}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}
