import { describe, expect, it } from 'vitest';
import { checkContract } from './check-contract';

// Issue 16 item 2: the check answer names a missing field in Chinese, not by its code path.
describe('审核填写信息 messages', () => {
  it('names missing fields by their Chinese labels', () => {
    const r = checkContract(
      { buyers: [{ region: 'mainland', idType: 'CN_RESIDENT_ID' }], payment: { method: 'full', installments: [] } },
      {} as any,
      new Date('2026-11-29T04:00:00Z'),
    );
    const byField = new Map(r.violations.map((v) => [v.field, v.message]));
    expect(byField.get('buyers.0.name')).toBe('第一条 买受人 1 姓名：必填');
    expect(byField.get('payment.firstDueDate')).toBe('第四条 首期付款日期：必填');
    for (const v of r.violations) expect(v.message).not.toContain(v.field);
  });
});
