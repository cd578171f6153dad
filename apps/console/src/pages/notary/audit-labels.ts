/** Audit actions in words a clerk reads; unknown ones are shown as recorded. */
const LABELS: Record<string, string> = {
  'case.received': '收案', 'case.deadline-recomputed': '按新导入的节假日安排重新计算出证期限', 'case.approve': '审核通过，出具公证书', 'case.reject': '驳回', 'case.requestSupplement': '要求补正',
  'case.allSubmitted': '全部买受人已提交，待审核', 'application.claimed': '买受人扫码选中本人', 'application.biometric-consent': '人脸信息单独同意',
  'application.face-challenge': '人脸识别：下发动作', 'application.face-first.passed': '首次人脸识别通过', 'application.face-first.failed': '首次人脸识别未通过',
  'application.face-second.passed': '再次人脸识别通过', 'application.face-second.failed': '再次人脸识别未通过',
  'application.document-verified': '证件核验通过', 'application.document-read': '阅读文件', 'application.documents-agreed': '同意继续',
  'application.capture-token': '打开相机', 'application.capture-used': '现场拍摄',
  'application.photo.id_front': '上传身份证明文件正面照片', 'application.photo.id_back': '上传身份证明文件反面照片',
  'application.photo.handheld': '上传手持身份证正面照片', 'application.photo.signature': '上传电子签名图片',
  'application.video-text': '录制视频：获取朗读文字', 'application.video-frames': '录制中画面比对', 'application.video': '提交佐证视频',
  'application.submit': '提交申请', 'application.approved': '审核通过', 'application.rejected': '驳回', 'application.supplement': '要求补正',
};
export const actionLabel = (a: string) => LABELS[a] ?? a;
