import { describe, expect, it } from 'vitest';
import { STAFF_ROUTES } from '../../../infra/staff-routes';
import { rolesAllow } from '../../../functions/domain/access/staff-access';
import { FLOW_TABLE } from '../../../functions/domain/policy/flow-table';
import { QueueNeedsSchema } from '../../../schemas/queue';
import { classifiedFields } from '../../../schemas/data-class';

describe('the queue’s support needs and the flow table', () => {
  it('are class support only, listed by a safeguarding-purpose route that call handlers may call and the flow table lets support reach', () => {
    expect(new Set(classifiedFields(QueueNeedsSchema).map((field) => field.dataClass))).toEqual(new Set(['support']));
    const route = STAFF_ROUTES.find((candidate) => candidate.name === 'queue-list');
    expect(route?.purpose).toBe('safeguarding');
    expect(FLOW_TABLE[route!.purpose].support).toBe('allowed');
    expect(rolesAllow(['call-handler'], 'queue:list')).toBe(true);
    // The report key only (the hint is sealed under it); never the safeguarding key.
    expect(route?.access).toMatchObject({ reportKey: ['kms:Decrypt'], safeguardingKey: [] });
  });

  it('never reach enforcement: the flow table keeps class support from that purpose', () => {
    expect(FLOW_TABLE.enforcement.support).toBe('never');
  });
});
