import { describe, expect, it } from 'vitest';
import { validated } from './validate';

// Issue 16 item 10: a failed form rule is shown at its field, never thrown out of the click handler.
const formRejecting = (e: unknown) => ({ validateFields: () => Promise.reject(e) }) as any;

describe('validated(form)', () => {
  it('answers null when a rule failed (antd rejects with errorFields)', async () => {
    await expect(
      validated(
        formRejecting({ errorFields: [{ name: ['confirm'], errors: ['两次输入的合同密码不一致'] }], values: {} }),
      ),
    ).resolves.toBeNull();
  });
  it('answers the values when every rule passed', async () => {
    await expect(validated({ validateFields: () => Promise.resolve({ reason: '材料不全' }) } as any)).resolves.toEqual({
      reason: '材料不全',
    });
  });
  it('lets any other failure through', async () => {
    await expect(validated(formRejecting(new Error('boom')))).rejects.toThrow('boom');
  });
});
