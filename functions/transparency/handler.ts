/**
 * GET /transparency?from=YYYY-MM-DD&to=YYYY-MM-DD — supervisor only: the
 * monthly transparency figures (counts only, never a report id).
 */
import { TransparencyQuerySchema } from '../../schemas/firewall';
import { DynamoReportLedger } from '../adapters/dynamodb/report-ledger';
import { firewallRuntime } from '../wiring/firewall-runtime';
import { transparencyFigures } from '../domain/transparency/figures';
import { json } from '../middleware/json';
import { ValidationProblem } from '../middleware/problems';
import { supervisorHandler } from '../staff/staff-handler';

// Supervisors of this force only; refusals are audited (functions/domain/access/staff-access.ts).
export const handler = supervisorHandler({
  action: 'transparency:read',
  run: async (event, _runtime, _context, { signal }) => {
    const parsed = TransparencyQuerySchema.safeParse(event.queryStringParameters ?? {});
    if (!parsed.success) {
      throw new ValidationProblem(parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || 'query', message: issue.code === 'custom' ? issue.message : 'must be a date YYYY-MM-DD' })));
    }
    const runtime = await firewallRuntime();
    const { document } = runtime.force.dynamo;
    const result = await transparencyFigures(
      {
        // Middy aborts `signal` when the function's time runs out: the month-by-month reading stops with it.
        ledger: new DynamoReportLedger(document, runtime.force.config.TABLE_NAME, signal),
        reports: runtime.outbox,
        cipher: runtime.force.cipher,
        disclosures: runtime.disclosures,
      },
      { forceId: runtime.force.config.FORCE_ID, from: `${parsed.data.from}T00:00:00.000Z`, to: `${parsed.data.to}T00:00:00.000Z`, signal },
    );
    return json(200, result);
  },
});
