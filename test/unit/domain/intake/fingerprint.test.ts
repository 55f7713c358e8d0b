import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SubmissionFingerprints } from '../../../../functions/domain/intake/fingerprint';

const fingerprints = new SubmissionFingerprints(randomBytes(32));

describe('submission fingerprints', () => {
  it('fingerprint the same body alike and different bodies apart, under a key', () => {
    expect(fingerprints.of('{"a":1}')).toBe(fingerprints.of('{"a":1}'));
    expect(fingerprints.of('{"a":1}')).not.toBe(fingerprints.of('{"a":2}'));
    expect(new SubmissionFingerprints(randomBytes(32)).of('{"a":1}')).not.toBe(fingerprints.of('{"a":1}'));
  });

  it('give exactly the values they always have under a given secret, so a retry across a deployment finds its claim and report', () => {
    const fixed = new SubmissionFingerprints(new Uint8Array(32).fill(7));
    const fingerprint = fixed.of('{"a":1}');
    expect(fingerprint).toBe('sSfiM52vgyMzr3y8n_L9Kf7aNXHFKrNm79El7m-v1Kc');
    expect(fixed.claimOf('key-0123456789abcdef')).toBe('QmxGYWjHlEByIXRpDAMajNjZYz_aZtdpcC-NuguLzSQ');
    expect(fixed.reportIdFor('key-0123456789abcdef', fingerprint)).toBe('f9abd2d7-d2ce-8dd5-8d66-4aecc3416de2');
  });

  it('name one stable, UUID-shaped report id per key and fingerprint', () => {
    const id = fingerprints.reportIdFor('key-0123456789abcdef', 'fp');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(fingerprints.reportIdFor('key-0123456789abcdef', 'fp')).toBe(id);
    expect(fingerprints.reportIdFor('key-0123456789abcdef', 'other')).not.toBe(id);
    expect(fingerprints.reportIdFor('key-fedcba9876543210', 'fp')).not.toBe(id);
  });
});
