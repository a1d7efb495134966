import ExcelJS from "exceljs";
import { COST_TYPE_TEMPLATE } from "~/domains/cost-codes/template.server";
import { excelNumber, MONEY_FORMAT } from "~/utils/excel.server";
import { MASTERFILE_SHEETS, README_SHEET_NAME, type EnumOption, type MasterfileColumn, type MasterfileSheet, type ParsedCell } from "./masterfile-spec";

/** Rows 2… that carry the dropdown lists: enough for any masterfile typed by hand. */
export const VALIDATED_ROWS = 5000;
const DATE_FORMAT = "yyyy-mm-dd"; // as in excel.server.ts's exports
const PERCENT_FORMAT = "0.00%";
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF4" } };

export type TemplateOptions = {
  /** The organization's active cost types, offered in the Cost type dropdowns (default: the starting catalog's five). */
  costTypes?: readonly { code: string; name: string }[];
};

const TYPE_NAMES: Record<MasterfileColumn["type"], string> = {
  text: "Text",
  money: "Money",
  date: "Date",
  percent: "Percent",
  integer: "Whole number",
  enum: "Choice",
  boolean: "Yes/No",
  reference: "Reference",
};

function typeDescription(column: MasterfileColumn): string {
  const sheet = column.reference?.sheet ? MASTERFILE_SHEETS.find((s) => s.key === column.reference!.sheet)?.name : null;
  const base =
    column.type === "reference" ? `Reference to ${sheet ? `the ${sheet} sheet or existing records` : "existing records"}`
    : column.type === "money" ? `Money (2 decimals${column.sign === "non-negative" ? ", not negative" : column.sign === "positive" ? ", more than zero" : ""})`
    : column.type === "date" ? "Date (2026-03-15 or 3/15/2026)"
    : column.type === "percent" ? "Percent (10% or 0.1)"
    : TYPE_NAMES[column.type];
  return column.maxLength ? `${base}, up to ${column.maxLength} characters` : base;
}

/** The dropdown choices of a column, as labels (the parser accepts labels and values alike). */
function choicesOf(column: MasterfileColumn, costTypes: readonly { code: string; name: string }[]): readonly EnumOption[] | null {
  if (column.type === "enum") return column.options ?? [];
  if (column.type === "boolean") return [{ value: "yes", label: "Yes" }, { value: "no", label: "No" }];
  if (column.reference?.entity === "cost_type") return costTypes.map((t) => ({ value: t.code, label: t.code }));
  return null;
}

function allowedValues(column: MasterfileColumn, costTypes: readonly { code: string; name: string }[]): string {
  if (column.reference?.entity === "cost_type") return costTypes.map((t) => `${t.code} (${t.name})`).join(", ");
  return choicesOf(column, costTypes)?.map((o) => o.label).join(", ") ?? "";
}

function addReadme(workbook: ExcelJS.Workbook, costTypes: readonly { code: string; name: string }[]) {
  const sheet = workbook.addWorksheet(README_SHEET_NAME, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { header: "Sheet", key: "sheet", width: 18 },
    { header: "Column", key: "column", width: 22 },
    { header: "Required", key: "required", width: 10 },
    { header: "Type", key: "type", width: 42 },
    { header: "Allowed values", key: "allowed", width: 42 },
    { header: "Natural key", key: "naturalKey", width: 12 },
    { header: "Help", key: "help", width: 80 },
  ];
  for (const spec of MASTERFILE_SHEETS) {
    for (const column of spec.columns) {
      sheet.addRow({
        sheet: spec.name,
        column: column.header,
        required: column.required ? "Yes" : "No",
        type: typeDescription(column),
        allowed: allowedValues(column, costTypes),
        naturalKey: spec.naturalKey.includes(column.key) ? "Yes" : spec.alternateKey?.includes(column.key) ? "Also" : "",
        help: column.help,
      });
    }
  }
  styleHeader(sheet.getRow(1));
}

function styleHeader(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.eachCell((cell) => (cell.fill = HEADER_FILL));
}

/** An example value as a user would type it: numbers and dates as real cells, choices by label. */
export function exampleCell(column: MasterfileColumn, value: ParsedCell | undefined): ExcelJS.CellValue {
  if (value === undefined) return null;
  switch (column.type) {
    case "money":
    case "percent":
      return excelNumber(String(value));
    case "date":
      return new Date(`${String(value)}T00:00:00Z`);
    case "enum":
      return column.options?.find((o) => o.value === value)?.label ?? String(value);
    case "boolean":
      return value ? "Yes" : "No";
    default:
      return value;
  }
}

const CELL_FORMATS: Partial<Record<MasterfileColumn["type"], string>> = { money: MONEY_FORMAT, date: DATE_FORMAT, percent: PERCENT_FORMAT };

function listValidation(choices: readonly EnumOption[], column: MasterfileColumn): ExcelJS.DataValidation {
  return {
    type: "list",
    allowBlank: !column.required,
    formulae: [`"${choices.map((o) => o.label.replace(/"/g, '""')).join(",")}"`],
    showErrorMessage: true,
    errorStyle: "stop",
    errorTitle: column.header,
    error: `Choose one of: ${choices.map((o) => o.label).join(", ")}`,
  };
}

/** exceljs 4.4 supports one validation over a range (written as a single sqref) but leaves it out of its typings. */
const rangeValidations = (sheet: ExcelJS.Worksheet) =>
  (sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations;

function addEntitySheet(workbook: ExcelJS.Workbook, spec: MasterfileSheet, costTypes: readonly { code: string; name: string }[]) {
  const sheet = workbook.addWorksheet(spec.name, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = spec.columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(c.header.length + 4, c.type === "text" || c.type === "reference" ? Math.min(c.maxLength ?? 30, 36) : 16),
    style: CELL_FORMATS[c.type] ? { numFmt: CELL_FORMATS[c.type] } : {},
  }));
  styleHeader(sheet.getRow(1));
  const example = { ...spec.example };
  for (const c of spec.columns) {
    if (c.reference?.entity === "cost_type" && !costTypes.some((t) => t.code === example[c.key])) example[c.key] = costTypes[0]?.code ?? "";
  }
  sheet.addRow(spec.columns.map((c) => exampleCell(c, example[c.key])));
  spec.columns.forEach((c, i) => {
    const choices = choicesOf(c, costTypes);
    if (!choices?.length) return;
    const letter = sheet.getColumn(i + 1).letter;
    rangeValidations(sheet).add(`${letter}2:${letter}${VALIDATED_ROWS + 1}`, listValidation(choices, c));
  });
}

/** The downloadable masterfile template: README first, then one sheet per entity with a header, an example row and dropdowns. */
export async function buildMasterfileTemplate(options: TemplateOptions = {}): Promise<Buffer> {
  const costTypes = options.costTypes?.length ? options.costTypes : COST_TYPE_TEMPLATE.map(([code, name]) => ({ code, name }));
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "SECG ERP";
  addReadme(workbook, costTypes);
  for (const spec of MASTERFILE_SHEETS) addEntitySheet(workbook, spec, costTypes);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
