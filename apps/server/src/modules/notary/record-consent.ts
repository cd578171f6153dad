import type { AppContext } from '../../platform/app-context';
import type { BuyerActor } from '../../http/auth';
import { loadOwnApplication, requireStatus, updateApplication } from './case-access';

type Lang = 'zh-CN' | 'zh-HK' | 'en';
export type ConsentText = {
  route: 'face' | 'document_video';
  version: string;
  title: Record<Lang, string>;
  text: Record<Lang, string>;
};

/**
 * 个人信息保护法 art. 14, 29: the separate consent, worded for what each route processes. The face
 * route (mainland buyers) processes face images; the document + video route processes document
 * photos, a handheld photo and a recorded video — personal information too — and asks consent only
 * for comparing the faces in them. The Chinese text is the one recorded; the others translate it.
 */
export const CONSENT_TEXTS: Record<ConsentText['route'], ConsentText> = {
  face: {
    route: 'face',
    version: '2026-11-face-v2',
    title: {
      'zh-CN': '人脸信息处理单独同意',
      'zh-HK': '人臉信息處理單獨同意',
      en: 'Separate consent to processing your face data',
    },
    text: {
      'zh-CN':
        '为核验您的身份，公证处将在本次在线公证中采集并处理您的人脸图像（属敏感个人信息）：两次人脸识别时拍摄的画面用于活体检测，并与您的身份证照片比对；比对结果、分数和画面作为公证证据保存，人脸特征数据在公证办结后删除。' +
        '您可以拒绝，改用「身份证明文件 + 佐证视频」方式核验身份：届时将处理您的证件照片、手持证件照片和一段朗读视频（同样属于个人信息），由公证员人工核对。',
      'zh-HK':
        '為核驗您的身份，公證處將在本次在線公證中採集並處理您的人臉圖像（屬敏感個人信息）：兩次人臉識別時拍攝的畫面用於活體檢測，並與您的身份證照片比對；比對結果、分數和畫面作為公證證據保存，人臉特徵數據在公證辦結後刪除。' +
        '您可以拒絕，改用「身份證明文件 + 佐證視頻」方式核驗身份：屆時將處理您的證件照片、手持證件照片和一段朗讀視頻（同樣屬於個人信息），由公證員人工核對。',
      en:
        'To verify your identity, the notary office will capture and process images of your face during this online notarization (sensitive personal information): the pictures taken at the two face checks are used to check that you are a live person and are compared with the photo of your ID card; the results, scores and pictures are kept as notarial evidence, and the face features are deleted when the notarization is closed. ' +
        'You may refuse and verify your identity with your identity document and an evidence video instead: then your document photos, a photo of you holding the document and a video of you reading a text (also personal information) are processed and checked by the notary in person.',
    },
  },
  document_video: {
    route: 'document_video',
    version: '2026-11-document-v2',
    title: {
      'zh-CN': '个人信息处理告知及人像比对同意',
      'zh-HK': '個人信息處理告知及人像比對同意',
      en: 'Your personal information, and consent to face comparison',
    },
    text: {
      'zh-CN':
        '为核验您的身份，公证处将在本次在线公证中处理以下个人信息：身份证明文件的号码、姓名和机读码，证件照片页照片、手持证件照片，以及一段约 15 秒的朗读视频（含您的相貌和声音）。这些资料是办理本公证所必需的，作为公证证据保存。' +
        '经您单独同意，系统还将从证件照片、手持照片和视频画面中提取人脸特征（属敏感个人信息）进行比对，确认是同一人；比对结果和分数作为证据保存，人脸特征数据在公证办结后删除。您可以不同意人像比对：资料照常提交，由公证员人工核对。',
      'zh-HK':
        '為核驗您的身份，公證處將在本次在線公證中處理以下個人信息：身份證明文件的號碼、姓名和機讀碼，證件照片頁照片、手持證件照片，以及一段約 15 秒的朗讀視頻（含您的相貌和聲音）。這些資料是辦理本公證所必需的，作為公證證據保存。' +
        '經您單獨同意，系統還將從證件照片、手持照片和視頻畫面中提取人臉特徵（屬敏感個人信息）進行比對，確認是同一人；比對結果和分數作為證據保存，人臉特徵數據在公證辦結後刪除。您可以不同意人像比對：資料照常提交，由公證員人工核對。',
      en:
        'To verify your identity, the notary office will process this personal information during this online notarization: the number, name and machine-readable lines of your identity document, a photo of its photo page, a photo of you holding it, and a video of about 15 seconds of you reading a text aloud (your appearance and voice). These are needed for the notarization and kept as notarial evidence. ' +
        'With your separate consent, the system will also extract face features (sensitive personal information) from the document photo, the handheld photo and the video to compare them and confirm they show the same person; the results and scores are kept as evidence, and the face features are deleted when the notarization is closed. You may refuse the face comparison: you still submit the same material, and the notary checks it in person.',
    },
  },
};

/**
 * 单独同意 before any face capture. Refusing moves the buyer to the document + evidence video
 * route (face recognition is not the only way through); the choice and its text version are kept.
 */
export async function recordConsent(
  ctx: AppContext,
  actor: BuyerActor,
  id: string,
  accepted: boolean,
  textVersion: string,
) {
  return ctx.db.transaction(async (tx) => {
    const app = await loadOwnApplication(tx, actor, id);
    requireStatus(app, '待核验');
    const consent = { accepted, textVersion, route: app.route, at: ctx.clock.now().toISOString() };
    return updateApplication(ctx, tx, actor, app, {
      steps: { consent },
      patch: accepted ? {} : { route: 'document_video' },
      action: accepted ? 'application.biometric-consent' : 'application.biometric-refused',
      data: { textVersion },
    });
  });
}
