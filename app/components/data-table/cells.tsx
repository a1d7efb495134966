import { statusLabel, type ColumnType, type TableColumn, type TableRow } from "~/utils/data-table";

const currency = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", currencySign: "accounting" });
const decimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 6 });

type Numeric = Intl.StringNumericLiteral;
const isDecimal = (value: string): value is Numeric => /^-?\d+(\.\d+)?$/.test(value);
const isNegative = (value: string) => value.startsWith("-") && /[1-9]/.test(value);

/** Formats the decimal string itself (exact), never a float sum; negatives as ($1.00) in red. */
export function Money({ value }: { value: string }) {
  if (!isDecimal(value)) return <>{value}</>;
  const text = currency.format(value);
  return isNegative(value) ? <span className="text-red-700">{text}</span> : <>{text}</>;
}

/** ISO UTC timestamp → `YYYY-MM-DD HH:mm UTC`, by string slicing so server and client agree. */
export const formatDateTime = (iso: string) => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso);

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
    case "date":
      return <>{value.slice(0, 10)}</>;
    case "datetime":
      return <time dateTime={value}>{formatDateTime(value)}</time>;
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
  const content = <CellValue type={column.type} value={String(raw)} />;
  const href = column.linkKey ? safeHref(row[column.linkKey]) : null;
  return href ? (
    <a href={href} className="text-brand-700 underline-offset-2 hover:underline">
      {content}
    </a>
  ) : (
    content
  );
}

export const alignClass = (type: ColumnType) => (type === "money" || type === "number" ? "text-right tabular-nums" : "text-left");
