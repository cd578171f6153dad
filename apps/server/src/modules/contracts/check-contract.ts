import { checkContractTerms, shanghaiDate, type RuleViolation } from '@netsign/domain';
import { ZContractTermsInput, contractFieldLabel, type TContractTerms, type TContractParties } from '@netsign/api';

/** 审核填写信息: every broken rule of a filled contract, each at its field; the parsed terms when none. */
export function checkContract(
  terms: unknown,
  parties: TContractParties,
  now: Date,
): { violations: RuleViolation[]; terms?: TContractTerms } {
  const parsed = ZContractTermsInput.safeParse(terms);
  if (!parsed.success) {
    return {
      violations: parsed.error.issues.map((i) => ({
        field: i.path.join('.'),
        code:
          i.code === 'invalid_type' && (i as any).input === undefined ? 'REQUIRED' : `INVALID_${i.code.toUpperCase()}`,
        // the field as the clerk knows it (第一条 买受人 1 姓名), never the code path
        message: `${contractFieldLabel(i.path.join('.'))}：${i.code === 'invalid_type' && (i as any).input === undefined ? '必填' : i.message}`,
      })),
    };
  }
  const violations = checkContractTerms(parsed.data, parties.unit, shanghaiDate(now));
  return violations.length ? { violations } : { violations, terms: parsed.data };
}
