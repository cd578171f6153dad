import { describe, expect, it } from 'vitest';
import { materialsEditable, ZCaseCommand, ZFilingCommand } from './commands';

describe('the commands the views name, and when 收件材料 may change', () => {
  it('names every command of the case and filing machines', () => {
    expect(ZCaseCommand.options).toEqual(expect.arrayContaining(['approve', 'reject', 'requestSupplement']));
    expect(ZFilingCommand.options).toEqual(
      expect.arrayContaining(['accept', 'reviewPass', 'reviewReturn', 'file', 'return']),
    );
  });
  it('收件材料 change while the contract waits for them or was returned', () => {
    expect(materialsEditable('待上传材料')).toBe(true);
    expect(materialsEditable('备案退回')).toBe(true);
    expect(materialsEditable('公证中')).toBe(false);
  });
});
