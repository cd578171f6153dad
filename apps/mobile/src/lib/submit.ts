import { ZApplicationView } from '@netsign/api';
import { post } from './api';

/** 提交 (申请成功): the server checks nothing is missing and sends the application for review. */
export const submitApplication = (id: string) => post(`/api/buyer/applications/${id}/submit`, {}, {}, ZApplicationView);
