import { z } from 'zod';
import { ZApiError } from '@netsign/api';

/** Bytes on the wire (a stream or a Buffer, so any type for the handler): OpenAPI's `format: binary`. */
const Bytes = z.any().meta({ type: 'string', format: 'binary' });

/**
 * The `response` schemas of a route that answers with a file or other bytes (a stream, a Buffer,
 * or text under a non-JSON content type — Fastify sends those as they are, unserialized): OpenAPI
 * says which content types the 200 carries, and the shared error body (`ZApiError`) for every 4xx.
 */
export function fileAnswer(description: string, ...contentTypes: [string, ...string[]]) {
  const content = Object.fromEntries(
    contentTypes.map((t) => [t, { schema: t.startsWith('text/') ? z.string() : Bytes }]),
  );
  return { 200: { description, content }, '4xx': ZApiError };
}
