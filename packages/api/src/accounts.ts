import { z, ZPhone } from './zod';

export const ZLoginRequest = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) });
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZOtpRequest = z.object({ phone: ZPhone });
export const ZBuyerLoginRequest = z.object({ phone: ZPhone, code: z.string().regex(/^\d{6}$/, '验证码为 6 位数字') });

export const ZOrgKind = z.enum(['seller', 'notary', 'center', 'platform']);
export const ZStaffRole = z.enum(['seller_clerk', 'notary', 'center_clerk', 'admin']);
/** Which role a user of each kind of organisation has. */
export const ROLE_OF_ORG_KIND = { seller: 'seller_clerk', notary: 'notary', center: 'center_clerk', platform: 'admin' } as const;

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
  certificatePrefix: z.string().trim().regex(/^[\u4e00-\u9fa5]{1,6}证字$/, '证书字号应形如「粤中山证字」').optional(),
});
export type TCreateOrganisationRequest = z.infer<typeof ZCreateOrganisationRequest>;

export const ZCreateUserRequest = z.object({
  orgId: z.uuid(),
  username: z.string().trim().regex(/^[a-zA-Z0-9_.-]{3,32}$/, '用户名为 3–32 位字母、数字或 _.-'),
  displayName: z.string().trim().min(1).max(50),
  password: z.string().min(10, '密码至少 10 位').max(200),
});
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequest>;
