/**
 * The retention table a force's data protection officer reads: for each data
 * class, the days the force config sets, where the class is stored, and when
 * and how it actually leaves. Generated from the force config and the storage
 * layout (schemas/retention.ts), never written by hand: `npm run retention --
 * --force <code>` prints it, and docs/data-model.md carries the demoshire
 * table between generated markers (a test checks it is current).
 *
 * It states what the code does, including where it falls short: the body's
 * classes are sealed in one part per retention period (classes of equal days
 * share a part, functions/domain/retention/parts.ts) and each part leaves on
 * its date; plaintext routing leaves with the report, so if it is configured
 * shorter than the report it is kept longer, and the table says so.
 */
import { DATA_CLASSES, DATA_CLASS_DESCRIPTIONS, type DataClass } from '../schemas/data-class';
import { BODY_CLASSES, REMOVABLE_CLASSES, type RemovableClass } from '../schemas/retention';
import { join } from 'node:path';
import { FORCES_DIR, loadForceConfig, reportRetentionDays, type ForceConfig } from './force-config';

/** How long backups and the change stream keep what the live table no longer holds (docs/data-model.md, "Retention"). */
export const BACKUP_WINDOW_DAYS = 35;
export const STREAM_WINDOW_HOURS = 24;

export interface RetentionRow {
  dataClass: DataClass;
  configuredDays: number;
  /** Days the class is actually kept in the live table. */
  keptDays: number;
  storedIn: string;
  leaves: string;
  /** True when the class is kept longer than the force config asks. */
  keptLonger: boolean;
}

/** How a receipt-channel message leaves (functions/adapters/dynamodb/retention-store.ts, `removeMessage`). */
const MESSAGE_LEAVES = (days: number) =>
  `deleted with its removal entry by the retention worker ${days} days after it was written, never after the report (within 15 minutes, audited), or earlier if a supervisor brings the class forward on a closed report; DynamoDB TTL a day later is only a backstop`;

const isRemovable = (dataClass: DataClass): dataClass is RemovableClass => (REMOVABLE_CLASSES as readonly string[]).includes(dataClass);

/**
 * @example
 * retentionRows(loadForceConfig('infra/forces/demoshire.json')).find((row) => row.dataClass === 'protected-immigration');
 */
export function retentionRows(config: Pick<ForceConfig, 'retentionDays'>): RetentionRow[] {
  const reportDays = reportRetentionDays(config);
  return DATA_CLASSES.map((dataClass) => {
    const configuredDays = config.retentionDays[dataClass];
    if (isRemovable(dataClass)) {
      // Classes kept for the same days share a sealed part and leave together (functions/domain/retention/parts.ts).
      const partners = BODY_CLASSES.filter((other) => other !== dataClass && config.retentionDays[other] === configuredDays);
      return {
        dataClass,
        configuredDays,
        keptDays: configuredDays,
        storedIn:
          (dataClass === 'protected-immigration'
            ? 'its own sealed part (safeguarding key)'
            : `a sealed part of the report body (report key)${partners.length ? ` shared with ${partners.map((other) => `\`${other}\``).join(', ')}` : ', its own'}`) +
          (dataClass === 'account' ? '; and the victim’s replies in the receipt channel, one sealed item per message' : ''),
        leaves:
          `ciphertext deleted by the retention worker ${configuredDays} days after receipt (within 15 minutes); a supervisor may bring it forward on a closed report` +
          (dataClass === 'account' ? `; each reply ${MESSAGE_LEAVES(configuredDays)}` : '') +
          (dataClass === 'consent' ? '; just before it, every referral’s sealed target (charity, recipient type) derived from it, an undelivered referral cancelled' : ''),
        keptLonger: false,
      };
    }
    if (dataClass === 'staff-message') {
      return {
        dataClass,
        configuredDays,
        keptDays: configuredDays,
        storedIn: 'one sealed item per message (receipt channel, report key); the victim’s replies are `account` items kept for the `account` days',
        leaves: `each message ${MESSAGE_LEAVES(configuredDays)}`,
        keptLonger: false,
      };
    }
    return {
      dataClass,
      configuredDays,
      keptDays: reportDays,
      storedIn: 'plaintext attributes of the report, queue, receipt and ledger items',
      leaves:
        `deleted by the retention worker at the report’s end, ${reportDays} days after receipt (within 15 minutes, audited): the report item with ` +
        'its queue entry, receipt look-up, ledger line, removal schedule and referrals; DynamoDB TTL on the same date is only a backstop',
      keptLonger: configuredDays < reportDays,
    };
  });
}

/**
 * The table as Markdown, with what remains in backups and the stream.
 *
 * @example
 * console.log(retentionMarkdown(config));
 */
export function retentionMarkdown(config: Pick<ForceConfig, 'code' | 'retentionDays'>): string {
  const rows = retentionRows(config);
  const lines = [
    `Retention of force \`${config.code}\` (generated from \`infra/forces/${config.code}.json\` by \`npm run retention -- --force ${config.code}\`).`,
    '',
    '| data class | what it holds | config (days) | kept (days) | stored in | leaves |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| \`${row.dataClass}\` | ${DATA_CLASS_DESCRIPTIONS[row.dataClass]} | ${row.configuredDays} | ${row.keptLonger ? `**${row.keptDays}**` : row.keptDays} | ${row.storedIn} | ${row.leaves} |`,
    ),
    '',
  ];
  const longer = rows.filter((row) => row.keptLonger);
  if (longer.length > 0) {
    lines.push(
      `**Kept longer than configured:** ${longer.map((row) => `\`${row.dataClass}\` (${row.configuredDays} configured, ${row.keptDays} kept)`).join(', ')}. ` +
        'Routing is plaintext on the report and its index items, so it cannot leave before the report does.',
      '',
    );
  }
  lines.push(
    `After a removal or expiry, copies remain outside the live table for a bounded time: point-in-time recovery backups for ${BACKUP_WINDOW_DAYS} days, ` +
      `the table's change stream for ${STREAM_WINDOW_HOURS} hours after the item's last write before it; both encrypted, and a copy opens only with the force's keys.`,
  );
  return lines.join('\n');
}

/** The document that carries a generated retention table, and the force it shows. */
export const DATA_MODEL_DOC = join(import.meta.dirname, '..', 'docs', 'data-model.md');
export const DOCUMENTED_FORCE = 'demoshire';
const START = `<!-- retention-table:start (generated by \`npm run retention -- --docs\` from infra/forces/${DOCUMENTED_FORCE}.json; do not edit) -->`;
const END = '<!-- retention-table:end -->';

/**
 * The document with its generated section replaced by the current table (appended if missing).
 *
 * @example
 * writeFileSync(DATA_MODEL_DOC, withRetentionSection(readFileSync(DATA_MODEL_DOC, 'utf8')));
 */
export function withRetentionSection(doc: string): string {
  const table = retentionMarkdown(loadForceConfig(join(FORCES_DIR, `${DOCUMENTED_FORCE}.json`)));
  const section = `${START}\n${table}\n${END}`;
  const start = doc.indexOf(START.slice(0, 30));
  const end = doc.indexOf(END);
  if (start === -1 || end === -1) return `${doc.trimEnd()}\n\n${section}\n`;
  return `${doc.slice(0, start)}${section}${doc.slice(end + END.length)}`;
}
