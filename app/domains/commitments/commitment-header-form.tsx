import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { FormErrors, PostForm, SubmitButton } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { storedBands, type RetainageBandTerms } from "../contracts/retainage-bands";
import { bandDefaults } from "../contracts/retainage-bands-fields";
import { CommitmentHeaderFields } from "./commitment-header-fields";
import { commitmentHeaderSchema } from "./commitments.schema";

export type HeaderView = {
  vendorId: string;
  type: string;
  number: string;
  title: string;
  retainagePercent: string;
  retainageCapPercent: string;
  retainageBandBasis: RetainageBandTerms["basis"];
  retainageBands: RetainageBandTerms["bands"];
  version: number;
};

/** The draft commitment's header; executed, closed and void commitments show it read-only instead. */
export function CommitmentHeaderForm({
  header,
  vendors,
  lastResult,
}: {
  header: HeaderView;
  vendors: { value: string; label: string }[];
  lastResult?: SubmissionResult<string[]>;
}) {
  const [form, fields] = useZodForm(commitmentHeaderSchema, {
    id: "commitment-header",
    lastResult,
    defaultValue: { ...header, ...bandDefaults(storedBands(header)), version: String(header.version) },
  });
  return (
    <PostForm {...getFormProps(form)} className="space-y-4">
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="save-header" />
      <input type="hidden" name="version" value={header.version} />
      <CommitmentHeaderFields fields={fields} vendors={vendors} />
      <SubmitButton>Save header</SubmitButton>
    </PostForm>
  );
}
