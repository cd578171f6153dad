import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorld, type DemoWorld } from './testing/world';
import { expectOk } from './demo/walk/expect';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

let w: DemoWorld;
let operations: { name: string; op: Operation }[] = [];
beforeAll(async () => {
  w = await demoWorld();
  const doc = expectOk(await w.client().get('/api/docs/json'), 'OpenAPI');
  operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      name: `${method.toUpperCase()} ${path}`,
      op,
    })),
  );
});
afterAll(() => w?.close());

const schemaOf = (op: Operation, status: (code: string) => boolean) =>
  Object.entries(op.responses ?? {})
    .filter(([code]) => status(code))
    .flatMap(([, r]) => Object.values(r.content ?? {}).map((c) => c.schema))
    .find(Boolean);
const declared = (op: Operation) => schemaOf(op, (c) => /^2/.test(c));

describe('OpenAPI (/api/docs/json) describes what the server answers', () => {
  it('gives every operation a 2xx schema and the shared error body for 4xx', () => {
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.filter((o) => !declared(o.op)).map((o) => o.name)).toEqual([]);
    const noError = operations.filter((o) => {
      const e = schemaOf(o.op, (c) => c === '4XX') as
        | { properties?: Record<string, unknown>; required?: string[] }
        | undefined;
      return !(
        e?.properties?.code &&
        e.properties.message &&
        e.required?.includes('code') &&
        e.required.includes('message')
      );
    });
    expect(noError.map((o) => o.name)).toEqual([]);
  });

  it("lists a view's fields with their types: an organisation's time is an ISO string, its sealed ID number is not part of it", () => {
    const op = operations.find((o) => o.name === 'GET /api/admin/organisations')!.op;
    const item = (declared(op) as { items: { properties: Record<string, { type?: string; format?: string }> } }).items;
    expect(item.properties.createdAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(Object.keys(item.properties)).not.toContain('legalRepIdNumber');
  });

  it("answers as it describes: the administrator's organisation list carries the listed fields only", async () => {
    const orgs = expectOk(await w.admin.get('/api/admin/organisations'), '机构');
    expect(orgs.length).toBeGreaterThan(0);
    for (const o of orgs) {
      expect(Object.keys(o).sort()).toEqual([
        'address',
        'certificatePrefix',
        'city',
        'createdAt',
        'id',
        'kind',
        'legalRepName',
        'name',
        'phone',
        'uscc',
      ]);
      expect(new Date(o.createdAt).toISOString()).toBe(o.createdAt);
    }
  });
});
