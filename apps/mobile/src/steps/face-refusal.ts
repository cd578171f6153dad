// What a buyer reads when 人脸识别 does not pass: the server's stable codes (the failed rule in
// `violations[].code`, or the error's `code`) worded as what to do next, translated like every
// other text of the app. A code the app does not know shows the server's own (Chinese) message.
import { ApiError } from '../lib/api';

const RULES: Record<string, string> = {
  'frame-count': '拍到的画面不够：请保持手机稳定、镜头对着脸，再点「重新识别」',
  'no-face': '有的画面里没有拍到您的脸：请把整张脸放进椭圆框内，不要离开画面，再点「重新识别」',
  'multiple-faces': '画面里出现了别人：请确保只有您本人在镜头前，再点「重新识别」',
  'duplicate-frame':
    '画面没有变化，像是照片或卡住的画面：请您本人对着镜头，按提示做动作；画面卡住时请关闭其他应用，再点「重新识别」',
  'different-person': '识别过程中画面里的人换了：请您本人从头到尾对着镜头，再点「重新识别」',
  antispoof: '没有通过防伪检测：请您本人直接对着手机镜头，不要对着照片或屏幕，再点「重新识别」',
  liveness: '没有通过活体检测：请到光线明亮均匀的地方，正对镜头，再点「重新识别」',
  'no-baseline': '开始时需要先正对镜头不动：点「重新识别」后先看着镜头，出现动作提示后再做动作',
  'action-not-observed': '没有看到要求的动作：出现提示后请慢慢做完动作，幅度大一些，再点「重新识别」',
  'wrong-direction': '转头方向反了：请按您自己的左右方向转头，再点「重新识别」',
  'face-mismatch': '与第一次人脸识别的不是同一个人：再次人脸识别须由申请人本人完成',
};

const CODES: Record<string, string> = {
  CHALLENGE_EXPIRED: '识别超时：请点「重新识别」重新开始',
  CHALLENGE_UNKNOWN: '识别已失效：请点「重新识别」重新开始',
  face_busy: '人脸识别繁忙：请稍等一分钟，再点「重新识别」',
  NETWORK: '网络连接失败：请检查网络，再点「重新识别」',
};

/**
 * The text (a key of the app's dictionaries) for a refused 人脸识别, or null when the error has no
 * code the app knows; `refused` tells whether the face check itself said no (人脸识别未通过).
 */
export function faceRefusal(e: unknown): { key: string; refused: boolean } | null {
  if (!(e instanceof ApiError)) return null;
  const rule = e.violations.find((v) => RULES[v.code])?.code;
  if (e.code === 'FACE_VERIFICATION_FAILED' && rule) return { key: RULES[rule]!, refused: true };
  if (CODES[e.code]) return { key: CODES[e.code]!, refused: false };
  return null;
}
