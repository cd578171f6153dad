import { describe, expect, it } from 'vitest';
import { contractFieldLabel, violationRule, violationSummary } from './contract-term-labels';
import { ZContractTermsInput } from './contract-terms';

// Issue 16 item 2: the check summary names fields as the clerk knows them, not by code path.
describe('contract field labels', () => {
  it('names the fields of the issue in Chinese', () => {
    expect(contractFieldLabel('buyers.0.name')).toBe('第一条 买受人 1 姓名');
    expect(contractFieldLabel('buyers.1.idNumber')).toBe('第一条 买受人 2 证件号码');
    expect(contractFieldLabel('payment.firstDueDate')).toBe('第四条 首期付款日期');
    expect(contractFieldLabel('payment.installments.1.dueDate')).toBe('第四条 分期付款 第 2 期 付款日期');
    expect(contractFieldLabel('pricing.totalPrice')).toBe('第三条 总价款');
    expect(contractFieldLabel('buyers')).toBe('第一条 买受人');
  });

  it('every field of a filled-in contract has a label without a code path in it', () => {
    const empty = ZContractTermsInput.safeParse({ buyers: [{}], payment: { installments: [{}] } });
    expect(empty.success).toBe(false);
    const paths = empty.error!.issues.map((i) => i.path.join('.'));
    expect(paths.length).toBeGreaterThan(10);
    for (const p of paths) expect(contractFieldLabel(p), p).not.toMatch(/[A-Za-z]/);
  });

  it('a summary line puts the label once before the rule', () => {
    expect(violationSummary({ field: 'buyers.0.name', message: '第一条 买受人 1 姓名：必填' })).toBe(
      '第一条 买受人 1 姓名：必填',
    );
    expect(violationSummary({ field: 'buyers.0.name', message: 'buyers.0.name：必填' })).toBe(
      '第一条 买受人 1 姓名：必填',
    );
    expect(violationSummary({ field: 'delivery.date', message: '交付日期应晚于签约日' })).toBe(
      '第五章 交付日期：交付日期应晚于签约日',
    );
    expect(violationRule({ field: 'payment.firstDueDate', message: '第四条 首期付款日期：必填' })).toBe('必填');
  });
});
