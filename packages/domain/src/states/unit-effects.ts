import type { ContractCommand, ContractStatus } from './contract';
import type { UnitCommand } from './unit';

/**
 * What a contract's step does to its unit. One table the server follows, and the property test
 * checks: a unit is 可售 exactly when no live contract holds it.
 */
export function unitEffect(command: ContractCommand, from: ContractStatus): UnitCommand | null {
  switch (command) {
    case 'submit':
      return 'lock';
    case 'certificateIssued':
      return 'sign';
    case 'submitPaper':
      return from === '待上传材料' ? 'sign' : null;
    case 'filed':
      return 'file';
    case 'cancel':
      return from === '草稿' ? null : 'release';
    default:
      return null;
  }
}
