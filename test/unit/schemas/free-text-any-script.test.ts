/**
 * Free text in any script: accepted and kept intact, its length counted in
 * characters as a person sees them (grapheme clusters), never in UTF-16
 * units; and the language of the report is support data that never flows
 * to enforcement.
 */
import { describe, expect, it } from 'vitest';
import { classifiedFields } from '../../../schemas/data-class';
import { ACCOUNT_MAX, graphemeLength, ReportSubmissionSchema } from '../../../schemas/report';
import { FLOW_TABLE, mayFlow } from '../../../functions/domain/policy/flow-table';
import { formToSubmission } from '../../../web/journey/submission';
import { minimalSubmission } from '../../support/reports';

const withAccount = (account: string) => ({ ...minimalSubmission(), incident: { ...minimalSubmission().incident, account } });

describe('free text in any script', () => {
  it('counts characters as a person sees them', () => {
    expect(graphemeLength('নমস্কার')).toBe(4);
    expect('নমস্কার'.length).toBe(7);
    expect(graphemeLength('مرحبًا')).toBe(5);
    expect(graphemeLength('żółć')).toBe(4);
    expect(graphemeLength('ਪੰਜਾਬੀ')).toBe(3);
    expect(graphemeLength('👩‍👩‍👧')).toBe(1);
  });

  it('accepts an account of the full length in Bengali, though it is longer in UTF-16 units, and keeps it intact', () => {
    const account = 'ক্ষ'.repeat(ACCOUNT_MAX);
    expect(account.length).toBe(3 * ACCOUNT_MAX);
    const parsed = ReportSubmissionSchema.safeParse(withAccount(account));
    expect(parsed.success).toBe(true);
    expect(parsed.data?.incident.account).toBe(account);
  });

  it('accepts an account of exactly the full length where characters and UTF-16 units are one to one', () => {
    expect(ReportSubmissionSchema.safeParse(withAccount('a'.repeat(ACCOUNT_MAX))).success).toBe(true);
    expect(ReportSubmissionSchema.safeParse(withAccount(`${'a'.repeat(ACCOUNT_MAX - 1)}ক্ষ`)).success).toBe(true);
  });

  it('refuses one character more, naming the field, whatever the script', () => {
    for (const character of ['a', 'ক্ষ', 'لا', 'ż']) {
      const parsed = ReportSubmissionSchema.safeParse(withAccount(character.repeat(ACCOUNT_MAX + 1)));
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['incident.account']);
    }
  });

  it('refuses, unread, text far longer in UTF-16 units than any real characters would be', () => {
    const combining = `a${'\u0301'.repeat(ACCOUNT_MAX * 4)}`;
    expect(ReportSubmissionSchema.safeParse(withAccount(combining)).success).toBe(false);
  });

  it('keeps Arabic, Bengali and Polish text exactly as typed, marks and line breaks included', () => {
    const account = 'أخذ جوازَ سفري.\nআমার পাসপোর্ট নিয়ে গেছে।\nZabrał mi paszport — żółć.';
    expect(ReportSubmissionSchema.parse(withAccount(account)).incident.account).toBe(account);
  });
});

describe('the language of the report', () => {
  it('is the language the form was filled in unless the victim chose another', () => {
    expect(formToSubmission({ 'journey.lang': ['ar'] }).support?.language).toBe('ar');
    expect(formToSubmission({ 'journey.lang': ['ar'], 'support.language': ['ur'] }).support?.language).toBe('ur');
  });

  it('is support data, which never flows to enforcement', () => {
    const field = classifiedFields(ReportSubmissionSchema).find((entry) => entry.path === 'support.language');
    expect(field?.dataClass).toBe('support');
    expect(FLOW_TABLE.enforcement.support).toBe('never');
    expect(mayFlow('enforcement', 'support')).toBe(false);
    expect(mayFlow('safeguarding', 'support')).toBe(true);
  });
});
