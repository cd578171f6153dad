// Identity documents a buyer may present, and their number formats.
import { z } from 'zod';
import { ok, type RuleResult, type RuleViolation } from '../rule';
import { checkMod112Number, makeCitizenId, parseCitizenId, randomCitizenId } from './gb11643';
import { parseTd3, type Td3 } from './mrz';

export const IDENTITY_DOCUMENT_KINDS = [
  'CN_RESIDENT_ID',
  'PASSPORT',
  'HK_MO_PERMIT',
  'TW_PERMIT',
  'FOREIGN_PR_CARD',
  'HMT_RESIDENCE_PERMIT',
] as const;
export const ZIdentityDocumentKind = z.enum(IDENTITY_DOCUMENT_KINDS);
export type TIdentityDocumentKind = z.infer<typeof ZIdentityDocumentKind>;

export const IDENTITY_DOCUMENT_LABELS: Record<TIdentityDocumentKind, string> = {
  CN_RESIDENT_ID: '居民身份证',
  PASSPORT: '护照',
  HK_MO_PERMIT: '港澳居民来往内地通行证',
  TW_PERMIT: '台湾居民来往大陆通行证',
  FOREIGN_PR_CARD: '外国人永久居留身份证',
  HMT_RESIDENCE_PERMIT: '港澳台居民居住证',
};

/** Full-width → half-width (NFKC), upper case, no spaces or hyphens: how numbers are compared. */
export function normaliseDocumentNumber(s: string): string {
  return s.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
}

/** Trim, full-width → half-width, one space between words, Latin case-folded, one kind of middle dot. */
export function normaliseName(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[·•・‧∙⋅]/g, '·')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
}

export interface IdentityDocument {
  kind: TIdentityDocumentKind;
  number: string;
  birthDate?: string;
  sex?: 'M' | 'F' | 'X';
  mrz?: Td3;
}

export interface ValidateDocumentOptions {
  /** TD3 MRZ of a passport, two lines */
  mrz?: string | readonly string[];
  field?: string;
  today?: string;
}

export function validateIdentityDocument(
  kind: TIdentityDocumentKind,
  rawNumber: string,
  opts: ValidateDocumentOptions = {},
): RuleResult<IdentityDocument> {
  const field = opts.field ?? 'idNumber';
  const label = `${IDENTITY_DOCUMENT_LABELS[kind]}号码`;
  const number = normaliseDocumentNumber(rawNumber);
  const bad = (code: string, message: string): RuleResult<IdentityDocument> => ({
    ok: false,
    violations: [{ field, code, message }],
  });
  if (!number) return bad('ID_REQUIRED', `请填写${label}`);

  switch (kind) {
    case 'CN_RESIDENT_ID': {
      const r = parseCitizenId(number, { field, label, today: opts.today });
      return r.ok ? ok({ kind, number: r.value.number, birthDate: r.value.birthDate, sex: r.value.sex }) : r;
    }
    case 'HMT_RESIDENCE_PERMIT': {
      if (!/^8[123]/.test(number)) return bad('ID_FORMAT', `${label}应以 81（香港）、82（澳门）或 83（台湾）开头`);
      const r = checkMod112Number(number, { field, label, today: opts.today });
      return r.ok ? ok({ kind, number: r.value.number, birthDate: r.value.birthDate, sex: r.value.sex }) : r;
    }
    case 'FOREIGN_PR_CARD': {
      // 2017 card: ISO 3166 alpha-3 nationality + 12 digits (no published check digit).
      if (/^[A-Z]{3}\d{12}$/.test(number)) return ok({ kind, number });
      // 2023 card (issued from 2023-12-01): 18 chars, first "9", GB 11643 layout and MOD 11-2 check.
      if (number.length === 18) {
        if (number[0] !== '9') return bad('ID_FORMAT', `${label}（2023版）应以 9 开头`);
        const r = checkMod112Number(number, { field, label, today: opts.today });
        return r.ok ? ok({ kind, number: r.value.number, birthDate: r.value.birthDate, sex: r.value.sex }) : r;
      }
      return bad('ID_FORMAT', `${label}格式错误：2017版为3个字母加12位数字（15位），2023版为以9开头的18位`);
    }
    case 'HK_MO_PERMIT':
      // 回乡证: H (Hong Kong) / M (Macao) + 8 digits; cards before 2013 carried 10 digits.
      if (/^[HM](\d{8}|\d{10})$/.test(number)) return ok({ kind, number });
      return bad('ID_FORMAT', `${label}格式错误：应为 H 或 M 加8位数字（旧版为加10位数字）`);
    case 'TW_PERMIT':
      // 台胞证: 8-digit lifelong number since 2008-09-25; older cards appended a 2-digit issue
      // count and sometimes an issuing-office code in brackets, e.g. 1234567801(B).
      if (/^\d{8}$/.test(number) || /^\d{10}(\([A-Z0-9]\)|[A-Z])?$/.test(number)) return ok({ kind, number });
      return bad('ID_FORMAT', `${label}格式错误：应为8位数字（旧版为10位数字，可带括号内签发机关代码）`);
    case 'PASSPORT': {
      if (!/^[A-Z0-9]{5,9}$/.test(number)) return bad('ID_FORMAT', `${label}格式错误：应为5–9位字母或数字`);
      if (opts.mrz === undefined) return ok({ kind, number });
      const r = parseTd3(opts.mrz, { field: 'mrz', today: opts.today });
      if (!r.ok) return r;
      if (r.value.documentNumber !== number) {
        return bad('PASSPORT_MRZ_MISMATCH', `${label} ${number} 与护照机读区中的号码 ${r.value.documentNumber} 不一致`);
      }
      // A notary cannot rely on an expired passport.
      if (r.value.expired) return bad('DOCUMENT_EXPIRED', `护照已于 ${r.value.expiryDate} 过期`);
      return ok({ kind, number, birthDate: r.value.birthDate, sex: r.value.sex, mrz: r.value });
    }
  }
}

export interface PersonIdentity {
  name: string;
  idKind?: TIdentityDocumentKind;
  idNumber: string;
}

/** The person presenting a document must be the buyer the contract names: same name and number. */
export function sameIdentity(contractBuyer: PersonIdentity, presented: PersonIdentity, field = 'identity'): RuleResult {
  const violations: RuleViolation[] = [];
  if (contractBuyer.idKind && presented.idKind && contractBuyer.idKind !== presented.idKind) {
    violations.push({
      field: `${field}.idKind`,
      code: 'IDENTITY_KIND_MISMATCH',
      message: `证件类型与合同所载买受人不一致：合同为${IDENTITY_DOCUMENT_LABELS[contractBuyer.idKind]}`,
    });
  }
  if (normaliseName(contractBuyer.name) !== normaliseName(presented.name)) {
    violations.push({ field: `${field}.name`, code: 'IDENTITY_NAME_MISMATCH', message: '姓名与合同所载买受人不一致' });
  }
  if (normaliseDocumentNumber(contractBuyer.idNumber) !== normaliseDocumentNumber(presented.idNumber)) {
    violations.push({
      field: `${field}.idNumber`,
      code: 'IDENTITY_NUMBER_MISMATCH',
      message: '证件号码与合同所载买受人不一致',
    });
  }
  return violations.length ? { ok: false, violations } : ok(undefined);
}

/** A random valid number of the given kind (for tests and demo data); `rng` like Math.random. */
export function randomDocumentNumber(kind: TIdentityDocumentKind, rng: () => number = Math.random): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rng() * 10)).join('');
  const birthDate = new Date(Date.UTC(1950, 0, 1) + Math.floor(rng() * 50 * 365) * 86400_000)
    .toISOString()
    .slice(0, 10);
  const sequence = Math.floor(rng() * 1000);
  switch (kind) {
    case 'CN_RESIDENT_ID':
      return randomCitizenId(rng);
    case 'PASSPORT':
      return 'E' + digits(8);
    case 'HK_MO_PERMIT':
      return (rng() < 0.5 ? 'H' : 'M') + digits(8);
    case 'TW_PERMIT':
      return digits(8);
    case 'FOREIGN_PR_CARD':
      // 9 + acceptance province + 3-digit nationality code, then birth date and sequence.
      return makeCitizenId({ regionCode: '944' + String(Math.floor(rng() * 900) + 100), birthDate, sequence });
    case 'HMT_RESIDENCE_PERMIT':
      return makeCitizenId({ regionCode: ['810000', '820000', '830000'][Math.floor(rng() * 3)], birthDate, sequence });
  }
}
