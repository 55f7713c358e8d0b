import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_PATH, renderOpenApi } from '../../../scripts/openapi';

describe('OpenAPI document', () => {
  it('is current: docs/openapi.json matches the zod contracts (run `npm run openapi`)', () => {
    expect(readFileSync(OPENAPI_PATH, 'utf8')).toBe(renderOpenApi());
  });

  it('documents the data class of report fields', () => {
    const document = JSON.parse(renderOpenApi());
    const submission = document.components.schemas.ReportSubmission;
    expect(submission.properties.incident.properties.account['x-data-class']).toBe('account');
    expect(submission.properties.immigration.properties.nationality['x-data-class']).toBe('protected-immigration');
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/reports', '/reports/status']));
  });
});
