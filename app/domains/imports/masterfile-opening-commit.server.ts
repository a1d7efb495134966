import { findOpening, saveOpeningBilling } from "~/domains/receivables/opening-billing.server";
import { PayAppConflict, PayAppRefused } from "~/domains/receivables/pay-apps.server";
import { rawSql, type Tx } from "~/utils/db.server";

/** An opening position of the file the receivables rules refuse (previous certificates above line 6 …). */
export class OpeningRefused extends Error {}

type Staged = { temp: string; staged: number };
type Position = {
  job_number: string;
  project_id: string;
  last_application_number: string;
  period_end: string;
  certificate_date: string;
  previous_certificates: string;
  received_to_date: string;
};

/**
 * The Opening Positions and Opening Billing sheets (ADR 0013), after prime contracts and contract
 * lines are written: each job's opening position goes through saveOpeningBilling, so an import
 * obeys the same rules and writes the same records (and audit) as the form. Lines of the contract
 * the file leaves out are zero.
 */
export async function commitOpeningPositions(tx: Tx, staged: { positions: Staged; lines: Staged | null }) {
  const raw = rawSql(tx);
  const [{ user_id: userId }] = await raw.query<{ user_id: string | null }>("select nullif(current_setting('app.user_id', true), '')::uuid as user_id");
  const positions = await raw.query<Position>(`select t.*, p.id::text as project_id from ${staged.positions.temp} t join projects p on p.job_number = t.job_number order by t.row_number`);
  const counts = { openingPositions: { created: 0, updated: 0 }, openingBilling: { created: 0, updated: 0 } };
  for (const position of positions) {
    const lines = staged.lines
      ? await raw.query<{ sov_line_id: string; completed: string; stored: string; retainage_held: string }>(
          `select s.id::text as sov_line_id, b.completed, coalesce(b.stored, '0') as stored, b.retainage_held
           from ${staged.lines.temp} b join prime_contracts c on c.project_id = $1::uuid join sov_lines s on s.contract_id = c.id and s.line_number = b.line_number::integer
           where b.job_number = $2`,
          [position.project_id, position.job_number],
        )
      : [];
    const before = await findOpening(tx, position.project_id);
    try {
      await saveOpeningBilling(tx, position.project_id, {
        version: before?.version ?? 0,
        lastApplicationNumber: Number(position.last_application_number),
        periodEnd: position.period_end,
        certificateDate: position.certificate_date,
        previousCertificates: position.previous_certificates,
        receivedToDate: position.received_to_date,
        lines: lines.map((l) => ({ sovLineId: l.sov_line_id, completed: l.completed, stored: l.stored, retainageHeld: l.retainage_held })),
        userId,
      });
    } catch (error) {
      if (error instanceof PayAppRefused || error instanceof PayAppConflict) throw new OpeningRefused(`Opening Positions: job ${position.job_number}: ${error.message}`);
      throw error;
    }
    counts.openingPositions[before ? "updated" : "created"] += 1;
    counts.openingBilling[before ? "updated" : "created"] += lines.length;
  }
  return { counts, rows: staged.positions.staged + (staged.lines?.staged ?? 0) };
}
