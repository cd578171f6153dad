import type { AppContext } from '../../platform/app-context';
import type { BuyerActor } from '../../http/auth';
import { loadOwnApplication, requireStatus, updateApplication } from './case-access';

/** 个人信息保护法 art. 29: the text of the separate consent to biometric processing, by version. */
export const BIOMETRIC_CONSENT = {
  version: '2026-11-v1',
  text:
    '为核验您的身份，公证处将在本次在线公证中采集并处理您的人脸图像（属敏感个人信息）：用于活体检测、与身份证件照片比对，' +
    '比对结果、分数和照片摘要作为公证证据保存；人脸特征数据在公证办结后删除。您可以拒绝，改用「身份证明文件 + 佐证视频」方式核验身份。',
};

/**
 * 单独同意 before any face capture. Refusing moves the buyer to the document + evidence video
 * route (face recognition is not the only way through); the choice and its text version are kept.
 */
export async function recordConsent(ctx: AppContext, actor: BuyerActor, id: string, accepted: boolean, textVersion: string) {
  return ctx.db.transaction(async (tx) => {
    const app = await loadOwnApplication(tx, actor, id);
    requireStatus(app, '待核验');
    const consent = { accepted, textVersion, at: ctx.clock.now().toISOString() };
    return updateApplication(ctx, tx, actor, app, {
      steps: { consent },
      patch: accepted ? {} : { route: 'document_video' },
      action: accepted ? 'application.biometric-consent' : 'application.biometric-refused',
      data: { textVersion },
    });
  });
}
