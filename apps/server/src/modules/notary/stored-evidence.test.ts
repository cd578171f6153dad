import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { TApplicationSteps } from '@netsign/api';
import { loadedApplication, StoredRecordInvalidError } from './stored-evidence';

const row = (steps: unknown, supplement: unknown = null) =>
  ({ id: randomUUID(), steps, supplement }) as { id: string; steps: TApplicationSteps; supplement: null };

describe('stored evidence is checked where it is loaded', () => {
  it('hands the record on as stored: fields the schema does not list are kept', () => {
    const steps = {
      claimedAt: '2026-11-02T08:00:00.000Z',
      consent: { accepted: true, textVersion: 'v1', at: '2026-11-02T08:01:00.000Z', extra: 1 },
    };
    const r = row(steps);
    expect(loadedApplication(r)).toBe(r);
    expect(loadedApplication(r).steps).toEqual(steps);
  });

  it('refuses a record that does not match, naming the path and the rule but not the value', () => {
    const r = row({ consent: { accepted: 'yes', textVersion: 'v1', at: '2026-11-02T08:01:00.000Z' } });
    let err: unknown;
    try {
      loadedApplication(r);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoredRecordInvalidError);
    expect((err as Error).message).toContain(`buyer_applications.steps of ${r.id}`);
    expect((err as Error).message).toContain('consent.accepted (invalid_type)');
    expect((err as Error).message).not.toContain('yes');
  });

  it('checks the 补正 too', () => {
    expect(() => loadedApplication(row({}, { items: ['not-an-item'] }))).toThrow(
      /supplement .*items\.0 \(invalid_value\)/,
    );
  });
});
