// Where the page runs and what its camera can do. The manual's buyer scans the QR code with
// 微信扫一扫, which opens the app in WeChat's built-in browser; older iOS WeChat has neither
// getUserMedia nor MediaRecorder. Then photos and the evidence video come from the phone's own
// camera app through <input type="file" capture>, and the face check (which needs the live
// camera in the page) asks the buyer to open the page in the phone's browser.

/** WeChat's built-in browser (Android and iOS) names itself MicroMessenger in its user agent. */
export const isWeChat = (ua = navigator.userAgent) => /MicroMessenger/i.test(ua);

/** The live camera in the page (getUserMedia). */
export const hasLiveCamera = () => typeof navigator.mediaDevices?.getUserMedia === 'function';

/** Recording the live camera in the page (getUserMedia and MediaRecorder). */
export const hasRecorder = () => hasLiveCamera() && typeof window.MediaRecorder === 'function';

/** What to do when the face check cannot run here (no live camera in the page). */
export const noLiveFaceCheck = () =>
  isWeChat()
    ? '微信内置浏览器不能在网页中打开相机，无法进行人脸识别：请点右上角「···」，选择「在浏览器打开」，在手机浏览器中继续办理（已完成的步骤会保留）'
    : '当前浏览器不能在网页中打开相机，无法进行人脸识别：请用手机自带浏览器（iPhone 请用 Safari）打开本页面继续办理（已完成的步骤会保留）';
