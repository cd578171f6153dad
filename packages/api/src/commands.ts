// The commands of the state machines the server applies (packages/domain/src/states), as the views
// name them: the contract, case and filing views carry `allowed` (allowedCommands of their machine
// in their status), and a page offers a command's button when it is listed, never from a status
// list of its own.
import { MATERIALS_EDITABLE, type ContractStatus } from '@netsign/domain/states/contract';
import { filingMachine, type FilingCommand } from '@netsign/domain/states/filing';
import { caseMachine, type CaseCommand } from '@netsign/domain/states/notary-case';
import { z } from './zod';

export const ZCaseCommand = z.enum(Object.keys(caseMachine.commands) as [CaseCommand, ...CaseCommand[]]);
export const ZFilingCommand = z.enum(Object.keys(filingMachine.commands) as [FilingCommand, ...FilingCommand[]]);

/** 收件材料 may be uploaded or removed in this contract status (a rule of the contract, not a step of its machine). */
export const materialsEditable = (status: ContractStatus): boolean => MATERIALS_EDITABLE.includes(status);
