import { describe, expect, it } from 'vitest';
import { BODY_CLASSES, bodyParts, classesOfPart, mergeBody, partId, splitBody, WHOLE_BODY_PART, type BodyClass } from '../../../../functions/domain/retention/parts';
import { frameParts, holdsClass, partsToReseal, unframeParts } from '../../../../functions/domain/retention/sealed-body';
import { ReportSubmissionSchema } from '../../../../schemas/report';
import { fullSubmission } from '../../../support/reports';

const demoshire: Record<BodyClass, number> = { incident: 730, account: 365, identity: 365, contact: 60, risk: 730, special: 180, support: 180, consent: 730, suspect: 730 };
const uniform = Object.fromEntries(BODY_CLASSES.map((dataClass) => [dataClass, 365])) as Record<BodyClass, number>;
const { immigration: _immigration, ...body } = ReportSubmissionSchema.parse(fullSubmission('CANARYPART'));

describe('bodyParts (the body sealed in one part per retention period)', () => {
  it('gives classes with equal retention one shared part, longest first', () => {
    expect(bodyParts(demoshire)).toEqual([
      { part: 'incident+risk+consent+suspect', dataClasses: ['incident', 'risk', 'consent', 'suspect'], days: 730 },
      { part: 'account+identity', dataClasses: ['account', 'identity'], days: 365 },
      { part: 'special+support', dataClasses: ['special', 'support'], days: 180 },
      { part: 'contact', dataClasses: ['contact'], days: 60 },
    ]);
  });

  it('gives a force with uniform retention one part holding every class', () => {
    expect(bodyParts(uniform)).toEqual([{ part: WHOLE_BODY_PART, dataClasses: [...BODY_CLASSES], days: 365 }]);
  });

  it('puts every body class in exactly one part, whatever the days', () => {
    const varied = Object.fromEntries(BODY_CLASSES.map((dataClass, index) => [dataClass, 30 + (index % 3) * 100])) as Record<BodyClass, number>;
    const classes = bodyParts(varied).flatMap((plan) => plan.dataClasses);
    expect([...classes].sort()).toEqual([...BODY_CLASSES].sort());
  });

  it('names a part by its classes in one order, and reads the name back; anything else is no part', () => {
    expect(partId(['identity', 'account'])).toBe('account+identity');
    expect(classesOfPart('account+identity')).toEqual(['account', 'identity']);
    expect(classesOfPart('identity+account')).toBeUndefined();
    expect(classesOfPart('protected-immigration')).toBeUndefined();
    expect(classesOfPart('report-body')).toBeUndefined();
  });
});

describe('splitBody and mergeBody', () => {
  const parts = bodyParts(demoshire).map((plan) => plan.part);

  it('cuts the body so each part holds only its classes’ fields, and puts it back together whole', () => {
    const pieces = splitBody(body, parts);
    expect(Object.keys(pieces.get('contact')!)).toEqual(['safeContact']);
    expect(pieces.get('contact')).not.toHaveProperty('incident');
    expect(JSON.stringify(pieces.get('incident+risk+consent+suspect'))).not.toContain(body.incident.account);
    expect(mergeBody([...pieces.values()])).toEqual(JSON.parse(JSON.stringify(body)));
  });

  it('leaves the fields of a removed part out of the merged body, and keeps the rest', () => {
    const pieces = splitBody(body, parts);
    pieces.delete('contact');
    const merged = mergeBody([...pieces.values()]);
    expect(merged).not.toHaveProperty('safeContact');
    expect(merged.incident.account).toBe(body.incident.account);
    expect(merged.consent).toEqual(body.consent);
  });

  it('refuses to drop a class that no part holds', () => {
    expect(() => splitBody(body, ['account+identity'])).toThrow(/no part holds/);
  });
});

describe('the framed sealed body', () => {
  it('frames parts and reads them back, and says which classes it still holds', () => {
    const framed = frameParts([
      { part: 'contact', sealed: new Uint8Array([1, 2, 3]) },
      { part: 'account+identity', sealed: new Uint8Array([4]) },
    ]);
    expect(unframeParts(framed)).toEqual([
      { part: 'contact', sealed: new Uint8Array([1, 2, 3]) },
      { part: 'account+identity', sealed: new Uint8Array([4]) },
    ]);
    expect(holdsClass(framed, 'identity')).toBe(true);
    expect(holdsClass(framed, 'special')).toBe(false);
  });

  it('re-seals a body sealed whole before parts as one whole part', () => {
    expect(partsToReseal(frameParts([{ part: 'report-body', sealed: new Uint8Array([9]) }]))).toEqual([WHOLE_BODY_PART]);
  });
});
