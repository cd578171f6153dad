// Where an application stands, derived only from the server's view of it: a reload, another
// phone or a lost connection resumes at the first unfinished step, never before a finished one.
import type { ApplicationView, Route } from './types';

export type Step = 'consent' | 'face-first' | 'document' | 'read' | 'photos' | 'face-second' | 'video' | 'submit' | 'done';

export const PHOTOS_BY_ROUTE: Record<Route, string[]> = {
  face: ['id_front', 'id_back', 'signature'],
  document_video: ['id_front', 'id_back', 'handheld', 'signature'],
};

const SUPPLEMENT_STEP: Record<string, Step> = {
  id_front: 'photos', id_back: 'photos', handheld: 'photos', signature: 'photos', second_verification: 'face-second', video: 'video',
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
      const redo = fields.filter((f) => f.startsWith('supplement.')).map((f) => SUPPLEMENT_STEP[f.slice('supplement.'.length)]);
      if (redo.includes('photos')) return 'photos';
      if (fields.includes('second') || redo.includes('face-second')) return app.route === 'face' ? 'face-second' : 'submit';
      if (fields.includes('video') || redo.includes('video')) return 'video';
      return 'submit';
    }
    default:
      return 'done';
  }
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
      return 2;
    case 'face-second':
    case 'video':
      return 3;
    default:
      return 4;
  }
}

/** Which photos the buyer may take now: all before submitting; only the named ones in a 补正. */
export function photoItems(app: Pick<ApplicationView, 'status' | 'route' | 'supplement'> & { photosRequired?: string[] }): { kind: string; redo: boolean }[] {
  // the server's list for this buyer's document (a passport has no back); the route's list before it sent one
  const all = app.photosRequired ?? PHOTOS_BY_ROUTE[app.route];
  if (app.status !== '待补正') return all.map((kind) => ({ kind, redo: true }));
  const items = app.supplement?.items ?? [];
  return all.map((kind) => ({ kind, redo: items.includes(kind) }));
}
