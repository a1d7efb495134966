import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { data, redirect } from "react-router";
import { Link, useActionData } from "react-router";
import { FormErrors, PostForm, SubmitButton } from "~/components/forms";
import { requireMember } from "~/utils/auth.server";
import { UploadTooLarge, withMultipartForm } from "~/utils/uploads.server";
import { receiveMasterfile, type ReceivedMasterfile } from "../import-upload.server";
import { importPath } from "../import-status";
import { MASTERFILE_SHEETS } from "../masterfile-spec";
import { DEFAULT_LIMITS, formatBytes } from "../upload-limits";

export const meta: MetaFunction = () => [{ title: "New import · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireMember(request, "imports:run");
  return null;
}

const refused = (message: string) => data({ message }, { status: 400 });

export async function action({ request }: ActionFunctionArgs) {
  // The session before the body: a visitor who may not post here gets no byte of it read.
  const member = await requireMember(request, "imports:run");
  let received: ReceivedMasterfile;
  try {
    // The upload stays a temp file on disk while it is inspected and streamed to storage; it is removed once received.
    received = await withMultipartForm(request, DEFAULT_LIMITS.maxFileBytes, async (_form, files) => {
      const file = files.get("file");
      if (!file || file.size === 0) return { ok: false, message: "Choose the masterfile workbook (.xlsx) to upload." } as const;
      return receiveMasterfile(member.tenant, { fileName: file.filename, path: file.path, userId: member.user.id });
    });
  } catch (error) {
    if (error instanceof UploadTooLarge) return refused(`The file is larger than ${formatBytes(DEFAULT_LIMITS.maxFileBytes)}, the most an upload may be.`);
    throw error;
  }
  if (!received.ok) return refused(received.message);
  // The page itself says when that upload was (it survives the page's own refreshes, a flash would not).
  return redirect(`${importPath(received.importId)}${received.existing ? "?again=1" : ""}`, { status: 303 });
}

export default function NewImport() {
  const actionData = useActionData<typeof action>();
  return (
    <section className="max-w-3xl space-y-6">
      <header>
        <Link to="/imports" className="text-sm text-brand-700 hover:underline">
          ← Imports
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">Import a masterfile</h1>
        <p className="mt-1 text-sm text-slate-600">
          Bring your projects, cost codes, budgets, vendors, commitments, schedule and leads in from one Excel workbook. Every row is checked first: you
          see what will be created, what will be updated and what is wrong before anything is written.
        </p>
      </header>
      <ol className="list-decimal space-y-2 pl-5 text-sm text-slate-700">
        <li>
          <a href="/imports/templates/masterfile.xlsx" className="font-medium text-brand-700 hover:underline" download>
            Download the masterfile template (.xlsx)
          </a>
          . Its README sheet explains every column: which are required, the accepted values and the key that identifies a row.
        </li>
        <li>Fill in the sheets you need; leave the others empty or delete them. Rows whose key already exists are updated.</li>
        <li>Upload the workbook below, check the preview, then confirm the import.</li>
      </ol>
      <div className="rounded-md border border-slate-200 bg-white p-4 text-sm text-slate-700">
        <h2 className="font-semibold">The sheets</h2>
        <ul className="mt-2 grid gap-1 sm:grid-cols-2">
          {MASTERFILE_SHEETS.map((sheet) => (
            <li key={sheet.key}>
              <span className="font-medium">{sheet.name}</span>: {sheet.description}
            </li>
          ))}
        </ul>
        <h2 className="mt-4 font-semibold">Limits</h2>
        <p className="mt-1">
          An Excel Workbook (.xlsx) of at most {formatBytes(DEFAULT_LIMITS.maxFileBytes)} ({formatBytes(DEFAULT_LIMITS.maxUncompressedBytes)} once
          unzipped), with at most {DEFAULT_LIMITS.maxSheets} sheets and {DEFAULT_LIMITS.maxRowsPerSheet.toLocaleString("en-US")} rows per sheet. Old
          .xls files and CSV files are refused: save them as .xlsx first.
        </p>
      </div>
      {actionData ? <FormErrors errors={[actionData.message]} /> : null}
      <PostForm encType="multipart/form-data" className="flex flex-wrap items-end gap-4">
        <label className="text-sm">
          <span className="block font-medium text-slate-700">Masterfile workbook</span>
          <input type="file" name="file" accept=".xlsx" required className="mt-1 text-sm" />
        </label>
        <SubmitButton>Upload and check</SubmitButton>
      </PostForm>
    </section>
  );
}
