// Where an application stands, derived only from the server's view of it: a reload, another
// phone or a lost connection resumes at the first unfinished step, never before a finished one.
import {
  PHOTOS_REQUIRED,
  type TApplicationView as ApplicationView,
  type TPhotoKind,
  type TVerificationRoute as Route,
} from '@netsign/api';

export type Step =
  | 'consent'
  | 'face-first'
  | 'document'
  | 'read'
  | 'photos'
  | 'sign'
  | 'face-second'
  | 'video'
  | 'submit'
  | 'done';

const SUPPLEMENT_STEP: Record<string, Step> = {
  id_front: 'photos',
  id_back: 'photos',
  handheld: 'photos',
  signature: 'photos',
  second_verification: 'face-second',
  video: 'video',
};

export function currentStep(app: Pick<ApplicationView, 'status' | 'route' | 'consent' | 'missing'>): Step {
  switch (app.status) {
    case '待核验':
      if (!app.consent) return 'consent';
      return app.route === 'face' ? 'face-first' : 'document';
    case '已核验':
      return 'read';
    case '已阅读':
    case '待补正': {
      const fields = app.missing.map((m) => m.field);
      if (fields.some((f) => f.startsWith('photos.'))) return 'photos';
      const redo = fields
        .filter((f) => f.startsWith('supplement.'))
        .map((f) => SUPPLEMENT_STEP[f.slice('supplement.'.length)]);
      if (redo.includes('photos')) return 'photos';
      // 签署 comes after the signature picture (the e-contract shows it) and before the last check
      if (fields.some((f) => f.startsWith('signing.'))) return 'sign';
      if (fields.includes('second') || redo.includes('face-second'))
        return app.route === 'face' ? 'face-second' : 'submit';
      if (fields.includes('video') || redo.includes('video')) return 'video';
      return 'submit';
    }
    default:
      return 'done';
  }
}

/**
 * The button under the photos. In a 补正 whose only redo was a photo (e.g. the 电子签名图片), the
 * one click sends the application (issue 16 item 9: it took 下一步, then 提交资料，完成).
 */
export function photosNext(app: Pick<ApplicationView, 'status' | 'route' | 'missing'>): {
  label: string;
  submits: boolean;
} {
  if (app.status === '待补正' && app.missing.length === 0) return { label: '提交资料，完成', submits: true };
  if (app.route === 'face') return { label: '下一步：人脸识别', submits: false };
  return { label: app.status === '待补正' ? '下一步' : '提交资料，完成', submits: false };
}

/** The step bar: five stops, named for the route the buyer is on (manual 4.1 / 4.2). */
export function stepBar(route: Route): string[] {
  return route === 'face'
    ? ['核验身份', '阅读文件', '上传资料', '人脸识别', '完成']
    : ['录入证件', '阅读文件', '上传资料', '佐证视频', '完成'];
}

export function stepIndex(step: Step): number {
  switch (step) {
    case 'consent':
    case 'face-first':
    case 'document':
      return 0;
    case 'read':
      return 1;
    case 'photos':
    case 'sign':
      return 2;
    case 'face-second':
    case 'video':
      return 3;
    default:
      return 4;
  }
}

/** Which photos the buyer may take now: all before submitting; only the named ones in a 补正. */
export function photoItems(
  app: Pick<ApplicationView, 'status' | 'route' | 'supplement'> & Partial<Pick<ApplicationView, 'photosRequired'>>,
): { kind: TPhotoKind; redo: boolean }[] {
  // the server's list for this buyer's document (a passport has no back); the route's list before it sent one
  const all = app.photosRequired ?? PHOTOS_REQUIRED[app.route];
  if (app.status !== '待补正') return all.map((kind) => ({ kind, redo: true }));
  const items: readonly string[] = app.supplement?.items ?? [];
  return all.map((kind) => ({ kind, redo: items.includes(kind) }));
}
