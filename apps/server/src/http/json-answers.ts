import type { FastifySerializerCompiler, FastifyTypeProvider } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { ZApiError } from '@netsign/api';

/**
 * Answers are checked against their route's `response` schema (from @netsign/api) as the wire
 * carries them: after JSON encoding, so a `Date` from a row is the ISO string the schema and the
 * apps' client read (`ZInstant`). An answer of another shape is a 500 (logged with the zod issues),
 * never a silent surprise for the apps; fields a view does not list are dropped.
 */
export const jsonAnswerCompiler: FastifySerializerCompiler<unknown> = (route) => {
  const serialize = serializerCompiler(route as Parameters<typeof serializerCompiler>[0]);
  return (data: unknown) => serialize(data === undefined ? data : JSON.parse(JSON.stringify(data)));
};

/**
 * A route's `response` schemas: the views it answers with per 2xx status, and the one error body
 * (`ZApiError`) for every 4xx, so OpenAPI describes both.
 */
export function answers<const R extends Record<number, z.ZodType>>(ok: R): R & { '4xx': typeof ZApiError } {
  return { ...ok, '4xx': ZApiError };
}

/** What JSON makes of a value: a `Date` is written as its ISO string, so a handler may hand one where the wire has a string. */
export type Jsonable<T> = T extends string
  ? T | Date
  : T extends readonly (infer U)[]
    ? Jsonable<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonable<T[K]> }
      : T;

/**
 * The zod type provider with answers typed as JSON writes them (see `Jsonable`): routes register
 * through `app.withTypeProvider<JsonZodTypeProvider>()`, so `req` is typed by the route's schemas
 * and the handler's answer is checked against its `response` schemas.
 */
export interface JsonZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? Jsonable<z.input<this['schema']>> : unknown;
}
