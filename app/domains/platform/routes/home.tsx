import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "SECG ERP" }];

export default function Home() {
  return (
    <section className="max-w-3xl">
      <h1 className="text-2xl font-semibold">Construction finance, in one place</h1>
      <p className="mt-3 text-slate-600">
        Budgets, commitments, change orders, pay applications and payables for general contractors, with
        every organization&apos;s data kept apart by the database itself.
      </p>
      <p className="mt-6">
        <Link to="/status" className="rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Platform status
        </Link>
      </p>
    </section>
  );
}
