/**
 * Validation closes the weak spots, through the real intake handler: legal
 * content-type parameters are accepted; text made only of invisible
 * characters is refused; dates of birth must be plausible; deep nesting is
 * refused early with a problem that names it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { minimalSubmission, fullSubmission, httpEvent } from '../support/reports';
import { setUpForce } from '../support/force-fixture';
import { call, loadHandler, type Handler } from '../support/staff';

let submit: Handler;

beforeAll(async () => {
  await setUpForce();
  submit = await loadHandler('submit-report');
});

const post = (body: string, headers: Record<string, string> = {}) => call(submit, httpEvent('POST', '/reports', { body, headers }));

describe('validation gaps', () => {
  it.each([['application/json ; charset=utf-8'], ['application/json;charset=UTF-8'], ['Application/JSON'], ['application/json; charset="utf-8"']])(
    'accepts the legal content type %s',
    async (contentType) => {
      const answer = await post(JSON.stringify(minimalSubmission()), { 'content-type': contentType });
      expect(answer.status).toBe(201);
    },
  );

  it.each([
    ['zero-width spaces', '\u200b\u200b\u200b'],
    ['a right-to-left override and a zero-width joiner', '\u202e\u200d'],
    ['braille blanks', '\u2800\u2800\u2800'],
    ['hangul fillers and a word joiner', '\u3164\u2060\u3164'],
    ['no-break and ideographic spaces', '\u00a0\u3000\u2007'],
  ])('refuses an account made only of %s, naming the field', async (_label, invisible) => {
    const submission = minimalSubmission();
    const answer = await post(JSON.stringify({ ...submission, incident: { ...submission.incident, account: invisible } }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toContainEqual({ path: 'incident.account', message: 'must contain visible characters' });
  });

  it('accepts text in any script, including one that uses joiners between letters', async () => {
    const submission = minimalSubmission();
    const answer = await post(JSON.stringify({ ...submission, incident: { ...submission.incident, account: 'می\u200cخواهم کمک — मुझे मदद चाहिए' } }));
    expect(answer.status).toBe(201);
  });

  it.each([
    ['9999-12-31', 'must not be in the future'],
    ['1800-01-01', 'must not be before 1900-01-01'],
    [new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10), 'must not be in the future'],
  ])('refuses the date of birth %s', async (dateOfBirth, message) => {
    const submission = fullSubmission();
    const answer = await post(JSON.stringify({ ...submission, victim: { ...submission.victim, dateOfBirth } }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toContainEqual({ path: 'victim.dateOfBirth', message });
  });

  it('refuses a 10,000-deep array early with a problem that names the nesting', async () => {
    const answer = await post(`${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: 'https://safe-pathway.invalid/problems/nesting-too-deep', title: 'The request body nests too deeply' });
    expect(answer.body.errors).toEqual([{ path: '', message: 'must not nest objects or arrays more than 32 levels deep' }]);
  });

  it('does not count brackets inside strings as nesting', async () => {
    const submission = minimalSubmission();
    const answer = await post(JSON.stringify({ ...submission, incident: { ...submission.incident, account: `He wrote ${'[{'.repeat(50)} on the wall` } }));
    expect(answer.status).toBe(201);
  });
});
