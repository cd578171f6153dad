import { z, ZInstant, ZPhone } from './zod';

export const ZLoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZOtpRequest = z.object({ phone: ZPhone });
export const ZBuyerLoginRequest = z.object({ phone: ZPhone, code: z.string().regex(/^\d{6}$/, '验证码为 6 位数字') });

export const ZOrgKind = z.enum(['seller', 'notary', 'center', 'platform']);
export const ZStaffRole = z.enum(['seller_clerk', 'notary', 'center_clerk', 'admin']);
/** Which role a user of each kind of organisation has. */
export const ROLE_OF_ORG_KIND = {
  seller: 'seller_clerk',
  notary: 'notary',
  center: 'center_clerk',
  platform: 'admin',
} as const;

export const ZCreateOrganisationRequest = z.object({
  kind: ZOrgKind,
  name: z.string().trim().min(2).max(100),
  uscc: z.string().trim().optional(),
  city: z.string().trim().min(2).max(30).optional(),
  address: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(30).optional(),
  legalRepName: z.string().trim().max(50).optional(),
  legalRepIdNumber: z.string().trim().max(30).optional(),
  /** notary office: e.g. 粤中山证字 */
  certificatePrefix: z
    .string()
    .trim()
    .regex(/^[\u4e00-\u9fa5]{1,6}证字$/, '证书字号应形如「粤中山证字」')
    .optional(),
});
export type TCreateOrganisationRequest = z.infer<typeof ZCreateOrganisationRequest>;

export const ZCreateUserRequest = z.object({
  orgId: z.uuid(),
  username: z
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9_.-]{3,32}$/, '用户名为 3–32 位字母、数字或 _.-'),
  displayName: z.string().trim().min(1).max(50),
  password: z.string().min(10, '密码至少 10 位').max(200),
});
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequest>;

// —— answers ——

/** The signed-in staff member (POST /api/auth/login, GET /api/auth/me), with the CSRF token for writes. */
export const ZStaffMe = z.object({
  kind: z.literal('staff'),
  userId: z.uuid(),
  /** given by the sign-in only */
  username: z.string().optional(),
  name: z.string(),
  role: ZStaffRole,
  orgId: z.uuid(),
  orgKind: ZOrgKind,
  orgName: z.string(),
  csrfToken: z.string(),
});
/** The signed-in buyer (POST /api/buyer/login, GET /api/auth/me). */
export const ZBuyerMe = z.object({ kind: z.literal('buyer'), phone: ZPhone, csrfToken: z.string() });
export const ZMe = z.discriminatedUnion('kind', [ZStaffMe, ZBuyerMe]);
export type TStaffMe = z.infer<typeof ZStaffMe>;
export type TBuyerMe = z.infer<typeof ZBuyerMe>;
export type TMe = z.infer<typeof ZMe>;

export const ZOtpSent = z.object({ sent: z.literal(true), expiresInSeconds: z.number().int() });
export const ZOk = z.object({ ok: z.literal(true) });
export const ZCreated = z.object({ id: z.uuid() });

/** 管理 → 机构: what the list shows (the legal representative's ID number stays sealed in the row). */
export const ZOrganisationView = z.object({
  id: z.uuid(),
  kind: ZOrgKind,
  name: z.string(),
  uscc: z.string().nullable(),
  city: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  legalRepName: z.string().nullable(),
  certificatePrefix: z.string().nullable(),
  createdAt: ZInstant,
});
export type TOrganisationView = z.infer<typeof ZOrganisationView>;

export const ZUserView = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: ZStaffRole,
  disabled: z.boolean(),
});
export type TUserView = z.infer<typeof ZUserView>;
export const ZUpdateUserRequest = z
  .object({
    disabled: z.boolean().optional(),
    password: z.string().min(10, '密码至少 10 位').max(200).optional(),
  })
  .refine((b) => b.disabled !== undefined || b.password, { message: '请指定停用状态或新密码' });
export const ZUserUpdated = z.object({ id: z.uuid(), username: z.string(), disabled: z.boolean() });

/** 管理 → 签章密钥: a certificate the server holds (never a private key). */
export const ZSigningKeyView = z.object({
  name: z.string(),
  organisation: z.object({ id: z.uuid(), name: z.string(), kind: ZOrgKind }).nullable(),
  use: z.string(),
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  validFrom: ZInstant,
  validTo: ZInstant,
  fingerprint256: z.string(),
  imported: z.boolean(),
  createdAt: ZInstant,
  revoked: z.object({ at: ZInstant, reason: z.string() }).nullable(),
  retiredAt: ZInstant.nullable(),
  store: z.string(),
});
export type TSigningKeyView = z.infer<typeof ZSigningKeyView>;

/** 选择公证处: an office registered for a city. */
export const ZNotaryOffice = z.object({ id: z.uuid(), name: z.string(), city: z.string().nullable() });
