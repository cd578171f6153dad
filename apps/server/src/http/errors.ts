import type { FastifyInstance, FastifyError } from 'fastify';
import { DomainError, type RuleViolation } from '@netsign/domain';
import { clientErrorOf } from './client-errors';
import { BlobIntegrityError, BlobTooLargeError } from '../platform/blob-store';

const ZOD_CODES: Record<string, string> = {
  invalid_type: 'INVALID_TYPE',
  too_small: 'TOO_SMALL',
  too_big: 'TOO_BIG',
  invalid_format: 'INVALID_FORMAT',
  invalid_value: 'INVALID_VALUE',
  unrecognized_keys: 'UNKNOWN_FIELD',
  custom: 'INVALID',
};

/** Maps every failure to a 4xx with field, rule and code, or a 500 that leaks nothing. */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError & { validation?: any[]; validationContext?: string }, req, reply) => {
    if (err instanceof DomainError) {
      // a busy service (503) says when to come back: Retry-After and the same seconds in the body
      const retryAfter = (err as DomainError & { retryAfter?: number }).retryAfter;
      if (retryAfter !== undefined) reply.header('Retry-After', String(retryAfter));
      return reply.status(err.status).send({
        code: err.code,
        message: err.message,
        violations: err.violations.length ? err.violations : undefined,
        retryAfter,
      });
    }
    if (err.validation) {
      const sent = (req as unknown as Record<string, unknown>)[
        err.validationContext === 'querystring' ? 'query' : (err.validationContext ?? 'body')
      ];
      const violations: RuleViolation[] = err.validation.map((issue: any) => {
        // fastify-type-provider-zod: keyword = zod issue code, instancePath = /a/0/b, params = the rest
        const path = String(issue.instancePath ?? '').replace(/^\//, '');
        const field = path.replaceAll('/', '.');
        // zod 4 does not report the input of an issue; a field is missing when the request has nothing there
        const missing = issue.keyword === 'invalid_type' && path !== '' && valueAt(sent, path.split('/')) === undefined;
        const code = missing ? 'REQUIRED' : (ZOD_CODES[issue.keyword] ?? 'INVALID');
        // a schema's own message ("退回须填写退回原因") says more than 必填; zod's default names undefined
        const text = missing && /undefined/.test(String(issue.message)) ? '必填' : issue.message;
        return { field, code, message: `${field ? `${field}：` : ''}${text}` };
      });
      const where =
        err.validationContext === 'querystring'
          ? '查询参数'
          : err.validationContext === 'params'
            ? '路径参数'
            : '请求内容';
      return reply.status(400).send({
        code: 'VALIDATION_FAILED',
        message: `${where}有误：${violations.map((v) => v.message).join('；')}`,
        violations,
      });
    }
    if (err instanceof BlobTooLargeError || err.code === 'FST_REQ_FILE_TOO_LARGE') {
      return reply.status(413).send({ code: 'FILE_TOO_LARGE', message: '文件过大，超过该类材料允许的大小' });
    }
    if (err instanceof BlobIntegrityError) {
      // stored bytes that fail their SHA-256: a server fault, never served (the store has logged the hashes)
      req.log.error({ sha256: err.sha256 }, 'request refused: blob failed its integrity check');
      return reply.status(500).send({
        code: 'BLOB_INTEGRITY',
        message: '文件校验失败：存储中的内容与其 SHA-256 不符，已拒绝提供。请联系管理员从备份恢复该文件',
      });
    }
    // the database refusing a value, a duplicate, a broken multipart body: the request's fault
    const client = clientErrorOf(err, req);
    if (client) return reply.status(client.status).send(client.body);
    if (err.statusCode && err.statusCode < 500) {
      return reply
        .status(err.statusCode)
        .send({ code: err.code ?? 'BAD_REQUEST', message: `请求有误：${err.message}` });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ code: 'INTERNAL', message: '服务器内部错误，请稍后重试；如持续出现请联系管理员' });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ code: 'NOT_FOUND', message: `没有这个地址：${req.method} ${req.url.split('?')[0]}` }),
  );
}

function valueAt(root: unknown, path: string[]): unknown {
  let v = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what}不存在，或您无权查看`, 404);
export const forbidden = (message = '您没有权限执行此操作') => new DomainError('FORBIDDEN', message, 403);
