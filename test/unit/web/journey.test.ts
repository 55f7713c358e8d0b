/**
 * The web form's journey without a browser: the field mapping meets the
 * report contract, steps follow the answers, and the monitored-device rule.
 */
import { describe, expect, it } from 'vitest';
import { ReportSubmissionSchema } from '../../../schemas/report';
import { advance } from '../../../web/journey/engine';
import { formStateFrom, type FormState } from '../../../web/journey/form-state';
import { journeyPath } from '../../../web/journey/steps';
import { formToSubmission } from '../../../web/journey/submission';

const answers: FormState = {
  'journey.danger': ['no'],
  'reporter.type': ['victim'],
  'incident.kind': ['domestic-abuse'],
  'incident.account': ['He pushed me.'],
  'risk.answers.strangulation': ['yes'],
  'safeContact.devicesMayBeMonitored': ['no'],
  'safeContact.channels': ['phone', 'sms'],
  'safeContact.phone': ['07700 900123'],
  'safeContact.email': ['left@over.example'],
  'safeContact.voicemailOk': ['no'],
  consent: ['idva', 'victimCareUnit'],
  'journey.immigration': ['yes'],
  'immigration.status': ['spouse-or-partner-visa'],
  'consent.shareImmigrationWithSupport': ['yes'],
};

describe('formToSubmission', () => {
  it('maps a completed form to a submission the contract accepts', () => {
    const parsed = ReportSubmissionSchema.parse(formToSubmission(answers));
    expect(parsed.safeContact).toMatchObject({ channels: ['phone', 'sms'], phone: '07700 900123', smsOk: true, voicemailOk: false });
    // An email typed and then un-chosen as a channel is not sent.
    expect(parsed.safeContact.email).toBeUndefined();
    expect(parsed.consent).toEqual({ idva: true, localDaService: false, byAndForService: false, victimCareUnit: true, shareImmigrationWithSupport: true });
    expect(parsed.immigration).toEqual({ status: 'spouse-or-partner-visa' });
    expect(parsed.risk.answers).toEqual({ strangulation: 'yes' });
  });

  it('leaves the immigration section out, and its consent false, unless the person chose to answer', () => {
    const parsed = ReportSubmissionSchema.parse(formToSubmission({ ...answers, 'journey.immigration': ['no'] }));
    expect(parsed.immigration).toBeUndefined();
    expect(parsed.consent.shareImmigrationWithSupport).toBe(false);
  });

  it('drops unknown fields and blank answers', () => {
    const state = formStateFrom({ 'reporter.type': 'victim', 'victim.name': '   ', isAdmin: 'true', __proto__x: 'y' });
    expect(state).toEqual({ 'reporter.type': ['victim'], 'victim.name': ['   '] });
    expect(formToSubmission(state).victim).toEqual({});
  });
});

describe('advance', () => {
  it('adds the get-help step when the person is in danger now, and the immigration step only when chosen', () => {
    expect(journeyPath({ 'journey.danger': ['yes'] })).toContain('emergency');
    expect(journeyPath({ 'journey.danger': ['no'] })).not.toContain('emergency');
    expect(journeyPath({ 'journey.immigration': ['no'] })).not.toContain('immigration');
    expect(advance({ 'journey.step': ['danger'], 'journey.danger': ['yes'] }, 'continue')).toMatchObject({ page: 'step', step: 'emergency' });
  });

  it('keeps the person on a step with problems, naming the fields', () => {
    const outcome = advance({ 'journey.step': ['what'] }, 'continue');
    expect(outcome).toMatchObject({ page: 'step', step: 'what' });
    expect(outcome.page === 'step' && outcome.problems.map((problem) => problem.path)).toEqual(expect.arrayContaining(['incident.kind', 'incident.account']));
  });

  it('refuses phone, text and email contact when devices may be monitored', () => {
    const outcome = advance({ 'journey.step': ['contact'], 'safeContact.devicesMayBeMonitored': ['yes'], 'safeContact.channels': ['sms'], 'safeContact.phone': ['07700 900123'] }, 'continue');
    expect(outcome.page === 'step' && outcome.problems).toEqual([{ path: 'safeContact.channels', message: 'monitored' }]);
    const viaCharity = advance({ 'journey.step': ['contact'], 'safeContact.devicesMayBeMonitored': ['yes'], 'safeContact.channels': ['via-charity'], 'safeContact.viaCharityName': ['Kiran'] }, 'continue');
    expect(viaCharity).toMatchObject({ step: 'support', problems: [] });
  });

  it('returns to check your answers after a change', () => {
    const changing = advance({ ...answers, 'journey.step': ['check'] }, 'change:who');
    expect(changing).toMatchObject({ page: 'step', step: 'who' });
    expect(advance(changing.state, 'continue')).toMatchObject({ step: 'check' });
  });

  it('forgets immigration answers when the person chooses to skip them', () => {
    const outcome = advance({ ...answers, 'journey.step': ['immigration-notice'], 'journey.immigration': ['no'] }, 'continue');
    expect(outcome).toMatchObject({ step: 'check' });
    expect(Object.keys(outcome.state).filter((name) => name.startsWith('immigration.') || name === 'consent.shareImmigrationWithSupport')).toEqual([]);
  });

  it('switches language in place', () => {
    expect(advance({ 'journey.step': ['who'], 'journey.lang': ['en'] }, 'language:cy')).toMatchObject({ step: 'who', state: { 'journey.lang': ['cy'] } });
    expect(advance({ 'journey.step': ['who'], 'journey.lang': ['en'] }, 'language:xx').state['journey.lang']).toEqual(['en']);
  });

  it('switches language on the confirmation, showing the same receipt, and only a well-formed one', () => {
    const confirmation = { 'journey.step': ['confirmation'], 'journey.lang': ['en'], 'journey.receipt': ['3145 1022 8895 2004'], 'journey.urgent': ['yes'] };
    expect(advance(confirmation, 'language:cy')).toMatchObject({ page: 'confirmation', receipt: '3145 1022 8895 2004', urgent: true, state: { 'journey.lang': ['cy'] } });
    // Anything but a receipt's 16 digits starts a new journey instead of being shown back.
    expect(advance({ ...confirmation, 'journey.receipt': ['<b>1234</b>'] }, 'language:cy')).toMatchObject({ page: 'step', step: 'danger' });
  });
});
