import { Link } from "react-router";

/**
 * Field data feeding finance: before retainage is released to a subcontractor, its punch items
 * still open on the project. A warning, never a block (the release stays the finance team's call).
 */
export function OpenPunchWarning({ count, href }: { count: number; href: string | null }) {
  if (count === 0) return null;
  return (
    <div role="status" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="open-punch-warning">
      <strong>{count} open punch item{count === 1 ? "" : "s"}</strong> for this subcontractor on this project.{" "}
      {href ? (
        <Link to={href} className="font-medium underline">
          See the punch list
        </Link>
      ) : null}{" "}
      before releasing retainage.
    </div>
  );
}
