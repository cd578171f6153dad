import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

// Failures that are the request's fault but surface as driver or parser errors: the database
// refusing a value (a date that does not exist, a number out of range, a duplicate), or a broken
// multipart body. Each becomes a 4xx `{ code, message, violations? }` with a Chinese message,
// instead of the 500 an unknown error gets.

export interface ClientError {
  status: number;
  body: { code: string; message: string; violations?: { field: string; code: string; message: string }[] };
}

/** The SQLSTATE of a database error, also when drizzle wrapped it ("Failed query …", cause). */
export function sqlState(err: any): string | undefined {
  for (let e = err, i = 0; e && i < 4; e = e.cause, i++) {
    if (
      typeof e.code === 'string' &&
      /^[0-9A-Z]{5}$/.test(e.code) &&
      (e.severity || e.routine || e.cause === undefined)
    )
      return e.code;
  }
  return undefined;
}
const constraintOf = (err: any): string | undefined => err?.constraint ?? err?.cause?.constraint;

/** Unique indexes a user can run into, by the field that collides. */
const UNIQUE_FIELDS: Record<string, [string, string]> = {
  users_username_uq: ['username', '用户名已被使用，请换一个'],
};

const BUSBOY =
  /^(Unexpected end of (form|file|multipart data)|Malformed part header|Multipart: Boundary not found|Malformed urlencoded form|Unsupported content type|Part terminated early)/i;

export function clientErrorOf(err: any, req: FastifyRequest): ClientError | undefined {
  const state = sqlState(err);
  if (state) {
    if (state === '23505') {
      const f = UNIQUE_FIELDS[constraintOf(err) ?? ''];
      return {
        status: 409,
        body: {
          code: 'CONFLICT',
          message: f ? f[1] : '数据已被其他操作占用，请刷新后重试',
          violations: f ? [{ field: f[0], code: 'DUPLICATE', message: f[1] }] : undefined,
        },
      };
    }
    if (state === '23503')
      return { status: 400, body: { code: 'REFERENCE_NOT_FOUND', message: '请求引用的记录不存在' } };
    if (state === '23502') return { status: 400, body: { code: 'REQUIRED', message: '请求缺少必填内容' } };
    if (state === '23514') return { status: 400, body: { code: 'INVALID_VALUE', message: '请求中的数据不符合规则' } };
    if (state === '40001' || state === '40P01')
      return { status: 409, body: { code: 'RETRY', message: '数据正被其他操作修改，请稍后重试' } };
    if (state === '54000') return { status: 400, body: { code: 'TOO_LONG', message: '请求中的内容过长' } };
    // class 22: data exception (invalid date, number out of range, invalid text, bad encoding)
    if (state.startsWith('22'))
      return {
        status: 400,
        body: {
          code: 'INVALID_VALUE',
          message: '请求中的数据格式有误（如不存在的日期、超出范围的数字或无法保存的字符）',
        },
      };
    return undefined;
  }
  const multipart = String(req.headers['content-type'] ?? '')
    .toLowerCase()
    .startsWith('multipart/');
  if (err?.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE')
    return { status: 415, body: { code: 'MULTIPART_REQUIRED', message: '请以 multipart/form-data 方式上传文件' } };
  if (err?.code === 'FST_FILES_LIMIT' || err?.code === 'FST_PARTS_LIMIT' || err?.code === 'FST_FIELDS_LIMIT')
    return { status: 413, body: { code: 'TOO_MANY_PARTS', message: '一次只能上传一个文件，且字段不能过多' } };
  if (err?.code === 'FST_PROTO_VIOLATION')
    return { status: 400, body: { code: 'MALFORMED_MULTIPART', message: '上传内容格式有误：字段名不允许' } };
  if (multipart && err instanceof Error && BUSBOY.test(err.message))
    return {
      status: 400,
      body: { code: 'MALFORMED_MULTIPART', message: '上传内容格式有误（multipart 不完整或边界不符），请重新上传' },
    };
  return undefined;
}

/** Fastify's router errors (bad percent-encoding, an over-long path segment) in the API's shape. */
export function frameworkError(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') reply.status(414).send({ code: 'URL_TOO_LONG', message: '地址过长' });
  else if (err.code === 'FST_ERR_BAD_URL') reply.status(400).send({ code: 'BAD_URL', message: '地址含有无效的编码' });
  else
    reply
      .status(err.statusCode && err.statusCode < 500 ? err.statusCode : 400)
      .send({ code: 'BAD_REQUEST', message: '请求有误' });
}
