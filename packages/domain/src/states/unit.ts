import { defineMachine } from './machine';

export const UNIT_STATUSES = ['可售', '已锁定', '已签约', '已备案'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const unitMachine = defineMachine({
  name: '房屋',
  states: UNIT_STATUSES,
  initial: '可售' as UnitStatus,
  commands: {
    lock: { from: ['可售'], to: '已锁定', label: '锁定' },
    sign: { from: ['已锁定'], to: '已签约', label: '签约' },
    file: { from: ['已签约'], to: '已备案', label: '备案' },
    release: { from: ['已锁定', '已签约'], to: '可售', label: '释放' },
  },
});
export type UnitCommand = keyof typeof unitMachine.commands;
