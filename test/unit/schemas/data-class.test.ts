import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { classified, classifiedFields, DATA_CLASS_DESCRIPTIONS, DATA_CLASSES, dataClassOf } from '../../../schemas/data-class';
import { ReportSubmissionSchema } from '../../../schemas/report';

describe('data classes', () => {
  it('gives every field of a report submission a data class', () => {
    const fields = classifiedFields(ReportSubmissionSchema);
    const unclassified = fields.filter((field) => field.dataClass === undefined).map((field) => field.path);
    expect(fields.length).toBeGreaterThan(40);
    expect(unclassified).toEqual([]);
  });

  it('catches a field added without a data class', () => {
    const extended = ReportSubmissionSchema.extend({ favouriteColour: z.string().optional() });
    const unclassified = classifiedFields(extended).filter((field) => field.dataClass === undefined);
    expect(unclassified.map((field) => field.path)).toEqual(['favouriteColour']);
  });

  it('puts every immigration field, and only those, in the protected class', () => {
    const protectedPaths = classifiedFields(ReportSubmissionSchema)
      .filter((field) => field.dataClass === 'protected-immigration')
      .map((field) => field.path);
    expect(protectedPaths.length).toBeGreaterThanOrEqual(6);
    expect(protectedPaths.every((path) => path.startsWith('immigration.'))).toBe(true);
    const immigrationPaths = classifiedFields(ReportSubmissionSchema)
      .filter((field) => field.path.startsWith('immigration.'))
      .map((field) => field.path);
    expect(immigrationPaths).toEqual(protectedPaths);
  });

  it('keeps interpreter language apart from nationality', () => {
    const fields = Object.fromEntries(classifiedFields(ReportSubmissionSchema).map((field) => [field.path, field.dataClass]));
    expect(fields['support.language']).toBe('support');
    expect(fields['immigration.nationality']).toBe('protected-immigration');
  });

  it('reads a class through optional and default wrappers', () => {
    const inner = classified('contact', z.string());
    expect(dataClassOf(inner.optional())).toBe('contact');
    expect(dataClassOf(inner.default('x'))).toBe('contact');
    expect(dataClassOf(z.string())).toBeUndefined();
  });

  it('describes every class', () => {
    for (const dataClass of DATA_CLASSES) expect(DATA_CLASS_DESCRIPTIONS[dataClass].length).toBeGreaterThan(10);
  });
});
