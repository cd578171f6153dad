import { createHash } from 'node:crypto';
import type { NodeFaceEngine } from '@netsign/face/node';

/**
 * The test camera's face engine, remembering every image it analysed. A liveness series is made
 * from the portrait, the action and the seed alone (synthesizeChallenge), so the same series made
 * again costs only its image edits: making a series takes longer than the server's check of it.
 * The server analyses every frame it receives with its own engine, as ever.
 */
export function rememberingEngine(engine: NodeFaceEngine): NodeFaceEngine {
  const seen = new Map<string, ReturnType<NodeFaceEngine['analyze']>>();
  return {
    ...engine,
    analyze(input) {
      const h = createHash('sha256');
      if (input instanceof Uint8Array) h.update('encoded').update(input);
      else h.update(`rgb ${input.width}x${input.height}`).update(input.data);
      const key = h.digest('hex');
      let analysis = seen.get(key);
      if (!analysis) {
        seen.set(key, (analysis = engine.analyze(input)));
        analysis.catch(() => seen.delete(key));
      }
      return analysis;
    },
  };
}
