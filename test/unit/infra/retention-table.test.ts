import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadForceConfigs } from '../../../infra/force-config';
import { DATA_MODEL_DOC, retentionMarkdown, retentionRows, withRetentionSection } from '../../../infra/retention-table';
import { DATA_CLASSES } from '../../../schemas/data-class';

describe('the retention table for a data protection officer', () => {
  it('is current in docs/data-model.md (regenerate with `npm run retention -- --docs`)', () => {
    const doc = readFileSync(DATA_MODEL_DOC, 'utf8');
    expect(withRetentionSection(doc)).toBe(doc);
  });

  it('lists every data class of every force with its configured days', () => {
    for (const force of loadForceConfigs()) {
      const rows = retentionRows(force);
      expect(rows.map((row) => row.dataClass)).toEqual([...DATA_CLASSES]);
      for (const row of rows) expect(row.configuredDays).toBe(force.retentionDays[row.dataClass]);
    }
  });

  it('keeps the protected section exactly its configured days, removed by the worker', () => {
    for (const force of loadForceConfigs()) {
      const row = retentionRows(force).find((candidate) => candidate.dataClass === 'protected-immigration')!;
      expect([row.keptDays, row.keptLonger]).toEqual([force.retentionDays['protected-immigration'], false]);
      expect(row.leaves).toContain('retention worker');
    }
  });

  it('says the retention worker removes routing (the report with its queue entry, look-up, ledger line) at the report’s end, TTL only as a backstop', () => {
    const routing = retentionRows(loadForceConfigs().find((force) => force.code === 'demoshire')!).find((row) => row.dataClass === 'routing')!;
    expect(routing.leaves).toMatch(/^deleted by the retention worker at the report’s end, 730 days after receipt \(within 15 minutes, audited\)/);
    expect(routing.leaves).toMatch(/queue entry, receipt look-up, ledger line/);
    expect(routing.leaves).toMatch(/TTL .* only a backstop$/);
  });

  it('says the retention worker removes each receipt-channel message, the victim’s replies (`account`) and staff’s alike, TTL only as a backstop', () => {
    for (const force of loadForceConfigs()) {
      const rows = retentionRows(force);
      for (const dataClass of ['account', 'staff-message']) {
        const row = rows.find((candidate) => candidate.dataClass === dataClass)!;
        expect(row.leaves).toContain(`retention worker ${force.retentionDays[dataClass as 'account']} days after it was written`);
        expect(row.leaves).not.toMatch(/expires .* \(DynamoDB TTL/);
      }
    }
  });

  it('keeps every class of every force exactly its configured days', () => {
    for (const force of loadForceConfigs()) {
      for (const row of retentionRows(force)) expect([row.dataClass, row.keptDays, row.keptLonger]).toEqual([row.dataClass, force.retentionDays[row.dataClass], false]);
    }
  });

  it('names the classes a body class shares its sealed part with (equal days), and a part of its own otherwise', () => {
    const rows = retentionRows(loadForceConfigs().find((force) => force.code === 'demoshire')!);
    expect(rows.find((row) => row.dataClass === 'account')!.storedIn).toContain('shared with `identity`');
    expect(rows.find((row) => row.dataClass === 'contact')!.storedIn).toContain('its own');
  });

  it('says plainly which classes are kept longer than configured, and never claims a shorter time than the report', () => {
    const retentionDays = Object.fromEntries(DATA_CLASSES.map((dataClass) => [dataClass, 400])) as Record<(typeof DATA_CLASSES)[number], number>;
    retentionDays.routing = 200;
    retentionDays.contact = 60;
    retentionDays['protected-immigration'] = 30;
    const rows = retentionRows({ retentionDays });
    expect(rows.filter((row) => row.keptLonger).map((row) => [row.dataClass, row.keptDays])).toEqual([['routing', 400]]);
    expect(rows.find((row) => row.dataClass === 'contact')!.keptDays).toBe(60);
    const printed = retentionMarkdown({ code: 'testshire', retentionDays });
    expect(printed).toContain('**Kept longer than configured:** `routing` (200 configured, 400 kept)');
    expect(printed).toContain('35 days');
    expect(printed).toContain('24 hours');
  });
});
