// Manual 4.2: identity is checked twice, the second time at 提交资料，完成. A mainland buyer's second
// check is the second live face check; a non-mainland buyer's is this one: at submit, every face
// taken since the first check (the handheld photo, the frames recorded while reading the text
// aloud) stands compared with the travel document's photo page, and that comparison is kept as
// evidence — what was compared, each score and threshold, and when.
import { photoLabel, type TPhotoKind } from '@netsign/api';

export interface SecondCheckItem {
  item: TPhotoKind | 'video';
  label: string;
  /** the photo's or the first recorded frame's file */
  sha256?: string;
  /** photo: its similarity; video: the lowest of the matched frames */
  score?: number;
  threshold?: number;
  match: boolean;
  /** video: frames matching the reference of those recorded */
  matched?: number;
  total?: number;
}

export interface DocumentSecondCheck {
  method: 'document-video';
  passed: boolean;
  decidedAt: string;
  /** the face everything was compared with; null when the buyer declined face comparison */
  reference: 'photo-page' | null;
  items: SecondCheckItem[];
}

type Frames = {
  passed: boolean;
  results: { sha256: string; faces?: number; score?: number; match?: boolean; threshold?: number }[];
};
/** What the check reads of an application's steps (ApplicationRow['steps'] has it). */
type Steps = {
  reference?: { embedding?: number[] };
  photos?: Partial<
    Record<TPhotoKind, { sha256: string; match?: { score: number; threshold: number; match: boolean } }>
  >;
  video?: { frames?: Frames };
  videoFrames?: Frames;
};

/** The second check from what the application holds; `photoKinds`: the photos this buyer's document (`idType`) needs. */
export function documentSecondCheck(
  steps: Steps,
  photoKinds: readonly TPhotoKind[],
  idType: string | undefined,
  now: Date,
): DocumentSecondCheck {
  const compared = Boolean(steps.reference?.embedding);
  const items: SecondCheckItem[] = [];
  for (const k of photoKinds) {
    const p = steps.photos?.[k];
    if (!p?.match) continue; // the signature picture and, without consent, every photo: nothing compared
    items.push({
      item: k,
      label: photoLabel(k, idType),
      sha256: p.sha256,
      score: p.match.score,
      threshold: p.match.threshold,
      match: Boolean(p.match.match),
    });
  }
  const frames = steps.video?.frames ?? steps.videoFrames;
  const results = frames?.results ?? [];
  const scored = results.filter((r) => r.score !== undefined);
  if (scored.length) {
    const matched = results.filter((r) => r.match);
    items.push({
      item: 'video',
      label: '佐证视频录制画面',
      sha256: results[0]?.sha256,
      score: Math.min(...(matched.length ? matched : scored).map((r) => r.score!)),
      threshold: scored[0]?.threshold,
      match: Boolean(frames?.passed),
      matched: matched.length,
      total: results.length,
    });
  }
  return {
    method: 'document-video',
    passed: items.every((i) => i.match),
    decidedAt: now.toISOString(),
    reference: compared ? 'photo-page' : null,
    items,
  };
}

/** One line for the 证词 and the case page, e.g. 手持证件照片 相似度 0.71、佐证视频录制画面 10/10 帧一致（阈值 0.45） */
export function describeSecondCheck(c: DocumentSecondCheck): string {
  if (!c.reference) return '买受人未同意人像比对，由公证员人工核对证件照片、手持证件照片与佐证视频';
  const parts = c.items.map((i) =>
    i.item === 'video' ? `${i.label} ${i.matched}/${i.total} 帧一致` : `${i.label}相似度 ${i.score?.toFixed(2)}`,
  );
  const threshold = c.items.find((i) => i.threshold !== undefined)?.threshold;
  return `将证件照片页人像与${parts.join('、')}再次比对${threshold !== undefined ? `（阈值 ${threshold}）` : ''}，${c.passed ? '确认为同一人' : '存在不一致'}`;
}
