/**
 * The intake's p50 part of docs/performance.md: the handler against a bare
 * transaction of the same items and against a bare PutItem, where the margin
 * goes (the stages the bench timed) and, for a missed target, what the
 * measured stages say would meet it. Every sentence is chosen by the run's
 * figures; runs from before a figure was measured say so.
 */
import { PROTECTED_SECTION_BYTES } from '../functions/adapters/crypto/protected-size';
import type { IntakeResult } from './intake';

const f1 = (value: number) => value.toFixed(1);
const f2 = (value: number) => value.toFixed(2);
const verdict = (met: boolean) => (met ? 'met' : '**missed**');

/** The store's share of the PutItem target: how much of the 2.5× allowance the transaction alone takes, and what its schedule entries cost. */
function storeShare(intake: IntakeResult): string {
  const tx = intake.ownCalls;
  const put = intake.withKey;
  const schedule = intake.scheduleEntries;
  const entries = intake.transactionItems.filter((type) => type === 'retention').length;
  const allowance = 2.5 * put.floorP50;
  const over = put.p50 - allowance;
  const lines = [
    `Against the bare PutItem, the store alone takes much of the allowance: the ${intake.transactionItems.length}-item transaction costs DynamoDB Local
${f2(tx.floorP50 / put.floorP50)}× a single PutItem of the report item here (p50 ${f1(tx.floorP50)} against ${f1(put.floorP50)} ms).`,
  ];
  const perPart = schedule?.per === 'sealed part';
  if (schedule && entries > 0) {
    lines.push(`Its ${entries} retention schedule entries (${perPart ? "one per sealed part, the protected section's among them, and the report's end: the classes of a part share its date and leave together" : "one per data class, and the report's end"}) are ${f1(schedule.p50 - schedule.floorP50)} ms of that at p50
(the bare transaction with and without them, side by side: ${f1(schedule.p50)} against ${f1(schedule.floorP50)} ms).`);
  }
  if (over > 0) {
    lines.push(`The handler is ${f1(over)} ms over the ${f1(allowance)} ms the target allows. What would meet it: ${
      schedule && entries > 0 && !perPart
        ? `one schedule entry per sealed part instead of one per data class (the classes of a part can only leave together; not done:
the retention worker's removals and the bring-forward read and close entries by class), which takes up to ${f1(schedule.p50 - schedule.floorP50)} ms off,
${schedule.p50 - schedule.floorP50 >= over ? 'enough on its own by this run' : `not enough on its own by this run, so with less of our own work per report as well`}; taken off both
sides, the handler would be ≈ ${f2((tx.p50 - (schedule.p50 - schedule.floorP50)) / schedule.floorP50)}× the bare transaction left (an estimate from this run's figures, not measured end to end)`
        : 'less of our own work per report, or fewer items in the transaction'
    }. Fewer items also shrink the bare transaction, so the ratio against it grows as they go.`);
  }
  return lines.join(' ');
}

/** Where the margin over the bare transaction goes, and what would meet 1.6× when it is missed. */
function margin(intake: IntakeResult): string {
  const tx = intake.ownCalls;
  const stages = intake.stages;
  const cpuOver = intake.cpuMs.withKey - intake.cpuMs.bareTransaction;
  const head = `The margin over the bare transaction (≈ ${f1(tx.p50 - tx.floorP50)} ms at p50, ${f2(cpuOver)} ms of Node CPU) is our own work: the Encryption
SDK messages (one per body part, the protected part padded to ${PROTECTED_SECTION_BYTES.toLocaleString('en-GB')} bytes, the queue's needs hint, each referral target; HKDF-SHA512 key
commitment each), the zod contract, the keyed fingerprint, the receipt HMAC and the middy shell.`;
  if (!stages?.shell || intake.messagesPerReport === undefined) return head;
  const allowed = 0.6 * tx.floorP50;
  const sealing = `${intake.messagesPerReport} messages, one sealed part with its report key costing ${f2(stages.oneSealedPart.cpuMs)} ms of CPU`;
  if (tx.p50 <= 1.6 * tx.floorP50) {
    return `${head} Measured apart (above): the shell with its contract ${f2(stages.shell.cpuMs)} ms of CPU, the intake's own work without its write
${f2(stages.acceptWithoutWrite.cpuMs)} ms (${sealing}); together within the ${f1(allowed)} ms the 1.6× target leaves over the bare transaction at p50.`;
  }
  return `${head} Measured apart (above): the shell with its contract ${f2(stages.shell.cpuMs)} ms of CPU and the intake's own work without its write
${f2(stages.acceptWithoutWrite.cpuMs)} ms (${sealing}), against the ${f1(allowed)} ms the 1.6× target leaves over the bare transaction at p50. What
would meet it: less sealing per report. What is left of a message's cost is the Encryption SDK's Node path (every message
through its stream pipeline; it has no encrypt of in-memory bytes without one) and its HKDF key commitment, so an encrypt
without streams (an upstream change) or fewer parts would; one message for the whole body would too, but then a class could
no longer be destroyed on its own date, so we do not.`;
}

/**
 * @example
 * const paragraph = intakeP50Section(results.intake);
 */
export function intakeP50Section(intake: IntakeResult): string {
  const tx = intake.ownCalls;
  const put = intake.withKey;
  const entries = intake.transactionItems.filter((type) => type === 'retention').length;
  const floorNote =
    entries === 0
      ? ` (this run's bare transaction left out the report's retention schedule entries, which the handler writes too: later runs include them)`
      : '';
  return `**Intake in one round trip.** Every case is one \`TransactWriteItems\` (a new
report, a keyed retry, a reused key, a race of two with one key; proven by
\`test/integration/submit-report.test.ts\`, which counts the handler's
DynamoDB calls). Against a bare transaction of the same ${intake.transactionItems.length} items${floorNote} the
handler is ${f2(tx.p50 / tx.floorP50)}× at p50 (target ≤ 1.6×: ${verdict(tx.p50 <= 1.6 * tx.floorP50)}) and ${f2(tx.p99 / tx.floorP99)}× at p99
(target ≤ 1.3×: ${verdict(tx.p99 <= 1.3 * tx.floorP99)}, below); against a bare PutItem ${f2(put.p50 / put.floorP50)}× at p50
(target ≤ 2.5×: ${verdict(put.p50 <= 2.5 * put.floorP50)}). ${margin(intake)} ${storeShare(intake)}`;
}
