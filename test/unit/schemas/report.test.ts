import { describe, expect, it } from 'vitest';
import { ReportSubmissionSchema } from '../../../schemas/report';
import { fullSubmission, minimalSubmission } from '../../support/reports';

const parse = (value: unknown) => ReportSubmissionSchema.safeParse(value);
const paths = (value: unknown) => {
  const result = parse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
};

describe('report submission contract', () => {
  it('accepts a minimal anonymous report and applies safe defaults', () => {
    const result = parse(minimalSubmission());
    expect(result.success).toBe(true);
    expect(result.data?.victim.anonymous).toBe(false);
    expect(result.data?.consent).toMatchObject({ idva: false, localDaService: false });
    expect(result.data?.safeContact.voicemailOk).toBe(false);
    expect(result.data?.immigration).toBeUndefined();
  });

  it('accepts a full report', () => {
    expect(parse(fullSubmission()).success).toBe(true);
  });

  it('never requires the immigration section', () => {
    const { immigration: _omitted, ...withoutImmigration } = fullSubmission();
    expect(parse(withoutImmigration).success).toBe(true);
  });

  it('requires a third-party reporter to say who they are', () => {
    expect(paths({ ...minimalSubmission(), reporter: { type: 'third-party' } })).toEqual(['reporter.thirdParty']);
  });

  it('refuses unknown fields', () => {
    expect(paths({ ...minimalSubmission(), extra: true })).toEqual(['']);
  });

  it('needs a number for phone contact and refuses "none" with another channel', () => {
    const report = minimalSubmission();
    expect(paths({ ...report, safeContact: { channels: ['phone'], devicesMayBeMonitored: 'no' } })).toEqual(['safeContact.phone']);
    expect(paths({ ...report, safeContact: { channels: ['none', 'sms'], phone: '07700900123', devicesMayBeMonitored: 'no' } })).toEqual([
      'safeContact.channels',
    ]);
  });

  it('caps the free-text account', () => {
    const report = minimalSubmission();
    expect(paths({ ...report, incident: { ...report.incident, account: 'x'.repeat(10_001) } })).toEqual(['incident.account']);
  });

  it('keeps "don\'t know" risk answers and refuses unknown indicator codes', () => {
    const result = parse({ ...minimalSubmission(), risk: { answers: { strangulation: 'dont-know' } } });
    expect(result.data?.risk.answers.strangulation).toBe('dont-know');
    expect(paths({ ...minimalSubmission(), risk: { answers: { 'not-a-code': 'yes' } } })).toEqual(['risk.answers']);
  });
});
