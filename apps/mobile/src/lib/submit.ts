import { post } from './api';
import type { ApplicationView } from './types';

/** 提交 (申请成功): the server checks nothing is missing and sends the application for review. */
export const submitApplication = (id: string) => post<ApplicationView>(`/api/buyer/applications/${id}/submit`);
