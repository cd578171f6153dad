import { normaliseDocumentNumber } from '@netsign/domain';
import type { TConfig } from './config';
import { SEALED_TEXT, SealedDataDamagedError, UnknownDataKeyError, type DataKeys } from './data-keys';

// ID numbers inside records (contract terms, the notary's and the center's snapshots, an
// organisation's legal representative, stored idempotent answers, queued events) are sealed
// where they are written and opened where rows are loaded, by field name: every `idNumber` and
// `legalRepIdNumber` string becomes sealed text, and an `idNumber` gets an `idNumberIndex`
// beside it (the blind index look-ups by ID number use, see contractsWithIdNumber).

const SEALED_FIELDS = new Set(['idNumber', 'legalRepIdNumber']);
const INDEXED_FIELD = 'idNumber';
const INDEX_FIELD = 'idNumberIndex';

const byConfig = new WeakMap<TConfig, DataKeys>();
/** keys of every server running in this process, by key id: opening needs no context */
const opening = new Map<string, DataKeys[]>();

/** Makes a server's data keys current for its context; returns the unregistering function. */
export function registerDataKeys(config: TConfig, keys: DataKeys): () => void {
  byConfig.set(config, keys);
  for (const id of keys.keyIds) opening.set(id, [...(opening.get(id) ?? []), keys]);
  return () => {
    for (const id of keys.keyIds) {
      const left = (opening.get(id) ?? []).filter((k) => k !== keys);
      if (left.length) opening.set(id, left);
      else opening.delete(id);
    }
  };
}

/** The data keys of a server (its context's config). */
export function dataKeysOf(ctx: { config: TConfig }): DataKeys {
  const k = byConfig.get(ctx.config);
  if (!k) throw new Error('data keys not registered for this server');
  return k;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  [Object.prototype, null].includes(Object.getPrototypeOf(v));

/** The blind index of an ID number as written on any document (case, spaces, full-width folded). */
export const idNumberIndex = (keys: DataKeys, idNumber: string) => keys.blindIndex(normaliseDocumentNumber(idNumber));
/** Every blind index an ID number may be stored under (the current key's first). */
export const idNumberIndexes = (keys: DataKeys, idNumber: string) =>
  keys.blindIndexes(normaliseDocumentNumber(idNumber));

/**
 * A copy of `value` with every ID number sealed under the current key (already sealed ones under
 * an older key are sealed again) and indexed. Idempotent.
 */
export function sealPersonal<T>(keys: DataKeys, value: T): T {
  if (Array.isArray(value)) return value.map((v) => sealPersonal(keys, v)) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (SEALED_FIELDS.has(k) && typeof v === 'string' && v !== '') {
      const opened = openOwn(keys, v);
      const plain = opened ?? v;
      out[k] = opened !== null && keys.keyIdOf(v) === keys.keyId ? v : keys.sealText(plain);
      if (k === INDEXED_FIELD) out[INDEX_FIELD] = idNumberIndex(keys, plain);
    } else if (k !== INDEX_FIELD || !(INDEXED_FIELD in value)) {
      out[k] = sealPersonal(keys, v);
    }
  }
  return out as T;
}

/**
 * What sealed text holds, or null when `v` is not sealed text these keys opened — also when a
 * client typed something that merely looks sealed: then it is sealed as the text it is.
 */
function openOwn(keys: DataKeys, v: string): string | null {
  if (!keys.keyIdOf(v)) return null;
  try {
    return keys.openText(v);
  } catch (e) {
    if (e instanceof SealedDataDamagedError || (e instanceof UnknownDataKeyError && !opening.has(e.keyId))) return null;
    throw e;
  }
}

/** Opens sealed text with the keys of any server in this process (UnknownDataKeyError if none holds it). */
function openText(v: string): string {
  const id = v.split('.')[1]!;
  const keys = opening.get(id)?.[0];
  if (!keys) throw new UnknownDataKeyError(id, [...opening.keys()]);
  return keys.openText(v);
}

/**
 * A copy of `value` (a row, a record, an answer) with its sealed fields opened and blind indexes
 * left out. Only the fields sealPersonal seals are opened: text a user typed elsewhere that looks
 * sealed stays as typed.
 */
export function openPersonal<T>(value: T): T {
  if (Array.isArray(value)) return value.map(openPersonal) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === INDEX_FIELD) continue;
    out[k] = SEALED_FIELDS.has(k) && typeof v === 'string' && SEALED_TEXT.test(v) ? openText(v) : openPersonal(v);
  }
  return out as T;
}
