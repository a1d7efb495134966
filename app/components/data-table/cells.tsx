import { cellLabel, statusLabel, type ColumnType, type TableColumn, type TableRow } from "~/utils/data-table";
import { formatDate, formatDateTime } from "~/utils/org-format";
import { useOrgFormat } from "~/utils/org-format-context";

const currency = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", currencySign: "accounting" });
const decimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 6 });
const percent = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 });

type Numeric = Intl.StringNumericLiteral;
const isDecimal = (value: string): value is Numeric => /^-?\d+(\.\d+)?$/.test(value);
const isNegative = (value: string) => value.startsWith("-") && /[1-9]/.test(value);

/** Formats the decimal string itself (exact), never a float sum; negatives as ($1.00) in red. */
export function Money({ value }: { value: string }) {
  if (!isDecimal(value)) return <>{value}</>;
  const text = currency.format(value);
  return isNegative(value) ? <span className="text-red-700">{text}</span> : <>{text}</>;
}

// The browser's Intl data may write a date a little differently from the server's (spaces, "a.m."):
// the server's text is kept rather than reported as a hydration error.

/** A calendar date in the organization's locale; the ISO date stays in `dateTime`. */
export function CalendarDate({ value }: { value: string }) {
  const format = useOrgFormat();
  return (
    <time dateTime={value.slice(0, 10)} suppressHydrationWarning>
      {formatDate(value, format)}
    </time>
  );
}

/** An instant in the organization's time zone and locale; the ISO timestamp stays in `dateTime`. */
export function DateTime({ value }: { value: string }) {
  const format = useOrgFormat();
  return (
    <time dateTime={value} suppressHydrationWarning>
      {formatDateTime(value, format)}
    </time>
  );
}

export { statusLabel };

/** A status as a badge: a key in words ("pending_approval" → "Pending approval"); a label stays as it is. */
export function StatusBadge({ value }: { value: string }) {
  return (
    <span className="inline-flex rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-200 ring-inset">
      {statusLabel(value)}
    </span>
  );
}

function CellValue({ type, value }: { type: ColumnType; value: string }) {
  switch (type) {
    case "money":
      return <Money value={value} />;
    case "number":
      return <>{isDecimal(value) ? decimal.format(value) : value}</>;
    case "percent":
      return <>{isDecimal(value) ? `${percent.format(value)}%` : value}</>;
    case "date":
      return <CalendarDate value={value} />;
    case "datetime":
      return <DateTime value={value} />;
    case "status":
      return <StatusBadge value={value} />;
    default:
      return <>{value}</>;
  }
}

// Only app-relative or http(s) links: a row field must never become a javascript: URL.
const safeHref = (href: unknown) => (typeof href === "string" && /^(\/(?!\/)|https?:\/\/)/.test(href) ? href : null);

export function TableCell({ column, row }: { column: TableColumn; row: TableRow }) {
  const raw = row[column.key];
  if (raw === null || raw === undefined || raw === "") return <span className="text-slate-400">—</span>;
  const content = <CellValue type={column.type} value={cellLabel(column, String(raw))} />;
  const href = column.linkKey ? safeHref(row[column.linkKey]) : null;
  return href ? (
    <a href={href} className="text-brand-700 underline-offset-2 hover:underline">
      {content}
    </a>
  ) : (
    content
  );
}

export const alignClass = (type: ColumnType) => (type === "money" || type === "number" || type === "percent" ? "text-right tabular-nums" : "text-left");
