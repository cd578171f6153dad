import type { FastifyInstance } from 'fastify';
import { DomainError, type RuleViolation } from '@netsign/domain';
import { isStorableText, storableText } from '../platform/storable-text';

const MAX_DEPTH = 32;

/**
 * Every string (values and keys) that cannot be stored (NUL, lone surrogates: see
 * platform/storable-text.ts), with its field path (`a.0.b`); refused at the edge so nothing is
 * stored as something else than what was checked.
 */
export function textViolations(value: unknown, path: string[] = [], out: RuleViolation[] = []): RuleViolation[] {
  if (out.length >= 20) return out;
  // no request of this API nests deeper than a few levels; 5000 nested arrays would overflow the stack
  if (path.length > MAX_DEPTH) {
    out.push({
      field: storableText(path.slice(0, 3).join('.')),
      code: 'TOO_DEEP',
      message: `内容嵌套超过 ${MAX_DEPTH} 层`,
    });
    return out;
  }
  if (typeof value === 'string') {
    if (!isStorableText(value)) {
      const field = storableText(path.join('.'));
      out.push({
        field,
        code: 'INVALID_CHARACTERS',
        message: `${field || '内容'}：含有无法保存的字符（空字符或不成对的 UTF-16 代理项）`,
      });
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => textViolations(v, [...path, String(i)], out));
  } else if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (!isStorableText(k))
        out.push({
          field: [...path, storableText(k)].join('.'),
          code: 'INVALID_CHARACTERS',
          message: '字段名含有无法保存的字符',
        });
      textViolations(v, [...path, k], out);
    }
  }
  return out;
}

export function invalidText(violations: RuleViolation[]) {
  return new DomainError(
    'VALIDATION_FAILED',
    `请求有误：${violations.map((v) => v.message).join('；')}`,
    400,
    violations,
  );
}

/** Refuses a request whose body, query or path holds text that cannot be stored (400, by field). */
export function installTextCheck(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    const v = [
      ...textViolations(req.params ?? {}),
      ...textViolations(req.query ?? {}),
      ...textViolations(req.body ?? {}),
    ];
    if (v.length) throw invalidText(v);
  });
}
