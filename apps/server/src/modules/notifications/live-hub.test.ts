import { describe, expect, it } from 'vitest';
import { livePayload, MemoryLiveHub } from './live-hub';

describe('live updates', () => {
  it('fit a PostgreSQL NOTIFY payload (under 8000 bytes): a title too long is left out, never the event', () => {
    const short = JSON.parse(
      livePayload('org:1', { entity: 'case', id: 'a', status: '待审核', title: '案件 WQ1 待审核' }),
    );
    expect(short).toEqual({ c: 'org:1', e: { entity: 'case', id: 'a', status: '待审核', title: '案件 WQ1 待审核' } });
    const long = livePayload('org:1', { entity: 'case', id: 'a', status: '待审核', title: '长'.repeat(5000) });
    expect(Buffer.byteLength(long)).toBeLessThan(8000);
    expect(JSON.parse(long).e).toEqual({ entity: 'case', id: 'a', status: '待审核' });
  });

  it('in one process (PGlite) reach the subscribers of the channel only, until they unsubscribe', async () => {
    const hub = new MemoryLiveHub();
    const got: string[] = [];
    const off = hub.subscribe('org:1', (e) => got.push(e.id));
    hub.subscribe('org:2', (e) => got.push(`other ${e.id}`));
    await hub.publish('org:1', { entity: 'case', id: 'x' });
    off();
    await hub.publish('org:1', { entity: 'case', id: 'y' });
    expect(got).toEqual(['x']);
  });
});
