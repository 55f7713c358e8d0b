import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ForceConfigError,
  FORCES_DIR,
  loadForceConfig,
  loadForceConfigs,
  reportRetentionDays,
} from '../../infra/force-config';
import { DATA_CLASSES } from '../../schemas/data-class';

const exampleshire = () => JSON.parse(JSON.stringify(loadForceConfig(join(FORCES_DIR, 'exampleshire.json')))) as Record<string, unknown>;

function writeConfig(name: string, content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'force-config-'));
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function problemsOf(file: string): ForceConfigError {
  try {
    loadForceConfig(file);
  } catch (error) {
    if (error instanceof ForceConfigError) return error;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('force config', () => {
  it('loads at least two example forces with example-only endpoints', () => {
    const forces = loadForceConfigs();
    expect(forces.map((force) => force.code)).toEqual(['demoshire', 'exampleshire']);
    for (const force of forces) {
      for (const charity of force.charities) expect(new URL(charity.webhookUrl).hostname).toMatch(/\.example\.org$/);
      for (const integration of force.enforcementIntegrations) {
        expect(new URL(integration.endpoint).hostname).toMatch(/\.example\.org$/);
        expect(integration.purpose).toBe('enforcement');
      }
      for (const origin of force.allowedOrigins) expect(new URL(origin).hostname).toMatch(/\.example\.org$/);
    }
  });

  it('keys retention by every data class', () => {
    for (const force of loadForceConfigs()) expect(Object.keys(force.retentionDays).sort()).toEqual([...DATA_CLASSES].sort());
    const missing = exampleshire();
    delete (missing.retentionDays as Record<string, number>)['protected-immigration'];
    const error = problemsOf(writeConfig('exampleshire.json', missing));
    expect(error.message).toContain('retentionDays.protected-immigration');
  });

  it('keeps a report as long as its longest-kept data class', () => {
    const retentionDays = Object.fromEntries(DATA_CLASSES.map((dataClass) => [dataClass, 30])) as Record<(typeof DATA_CLASSES)[number], number>;
    retentionDays.suspect = 400;
    expect(reportRetentionDays({ retentionDays })).toBe(400);
  });

  it('names the file and the field of a bad config', () => {
    const bad = exampleshire();
    (bad.allowedOrigins as string[])[0] = 'http://report.example.org/form';
    ((bad.charities as Record<string, unknown>[])[1]!).webhookUrl = 'http://referrals.example.org/x';
    const file = writeConfig('exampleshire.json', bad);
    const error = problemsOf(file);
    expect(error.file).toContain('exampleshire.json');
    expect(error.message).toContain('exampleshire.json');
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^allowedOrigins\.0: must be an https origin/),
        expect.stringMatching(/^charities\.1\.webhookUrl: must be an https URL/),
      ]),
    );
  });

  it('takes optional canaries, too short a canary naming its place', () => {
    const bad = exampleshire();
    bad.canaries = ['CANARY-LONG-ENOUGH', 'abc'];
    expect(problemsOf(writeConfig('exampleshire.json', bad)).problems).toEqual([expect.stringMatching(/^canaries\.1: /)]);
  });

  it('rejects unknown fields, a wrong purpose, duplicate ids and invalid JSON', () => {
    const bad = exampleshire();
    bad.colour = 'blue';
    ((bad.enforcementIntegrations as Record<string, unknown>[])[0]!).purpose = 'safeguarding';
    const error = problemsOf(writeConfig('exampleshire.json', bad));
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\(root\): .*colour/),
        expect.stringMatching(/^enforcementIntegrations\.0\.purpose: /),
      ]),
    );
    const duplicate = exampleshire();
    (duplicate.charities as Record<string, unknown>[]).push({ ...(duplicate.charities as Record<string, unknown>[])[0]! });
    expect(problemsOf(writeConfig('exampleshire.json', duplicate)).problems).toEqual(['charities.2.id: duplicate id']);
    expect(problemsOf(writeConfig('exampleshire.json', '{ not json')).problems[0]).toMatch(/not readable as JSON/);
  });

  it('rejects a recipient type and a postcode area outside the vocabulary', () => {
    const bad = exampleshire();
    const charity = (bad.charities as Record<string, unknown>[])[0]!;
    charity.recipientTypes = ['immigration-advice'];
    charity.areasServed = ['ex1'];
    const error = problemsOf(writeConfig('exampleshire.json', bad));
    expect(error.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^charities\.0\.recipientTypes\.0: /), expect.stringMatching(/^charities\.0\.areasServed\.0: must be a UK postcode area/)]),
    );
  });

  it('requires the file to be named after the force code', () => {
    const error = problemsOf(writeConfig('otherforce.json', exampleshire()));
    expect(error.problems).toEqual(['code: file must be named exampleshire.json after the force code']);
  });
});
