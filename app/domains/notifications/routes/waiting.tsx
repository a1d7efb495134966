import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { withTenant } from "~/utils/db.server";
import { WaitingOnMeSection } from "../waiting-section";
import { waitingQueue } from "../waiting.server";

export const meta: MetaFunction = () => [{ title: "Waiting on me · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "organization:read");
  const sections = await withTenant(member.tenant, (tx) => waitingQueue(tx, { userId: member.user.id, role: member.active.role }, 50));
  return { sections };
}

export default function Waiting() {
  const { sections } = useLoaderData<typeof loader>();
  return (
    <section className="max-w-4xl">
      <h1 className="text-2xl font-semibold">Waiting on me</h1>
      <p className="mt-2 text-sm text-slate-600">
        What needs your decision now, across modules. The daily digest email lists the same queue once a day;{" "}
        <a className="underline" href="/settings/notifications">choose what else it holds</a>.
      </p>
      <div className="mt-6">
        <WaitingOnMeSection sections={sections} />
      </div>
    </section>
  );
}
