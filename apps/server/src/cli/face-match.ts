// `netsign face-match A.jpg B.jpg [--threshold 0.55]`: are the faces in two photos the same person?
// Prints what it found, then, last, one line of JSON {"score":…,"match":…,"threshold":…}.
// Exit 0 when compared (match or not), 2 when an image cannot be read or does not show exactly one
// person (docs/FACE.md, "Counting faces"), 1 on an engine failure.
import { readFile } from 'node:fs/promises';
import { faceConfigFromEnv } from '@netsign/face';
import { countFaces } from '@netsign/face/faces';
import { createFaceEngine } from '@netsign/face/node';

const USAGE = '用法 usage: netsign face-match A.jpg B.jpg [--threshold 0.55]';

function parse(args: string[]): { files: string[]; threshold?: number } | string {
  const files: string[] = [];
  let threshold: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--threshold') {
      threshold = Number(args[++i]);
      if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1)
        return '--threshold 需要 0 到 1 之间的数 / needs a number from 0 to 1';
    } else if (a === '-h' || a === '--help') return '';
    else if (a.startsWith('-')) return `未知选项 unknown option ${a}`;
    else files.push(a);
  }
  if (files.length !== 2) return '需要两张照片 / two image files are needed';
  return { files, threshold };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    console.error(parsed ? `${parsed}\n${USAGE}` : USAGE);
    return parsed ? 2 : 0;
  }
  const images: Buffer[] = [];
  for (const f of parsed.files) {
    try {
      images.push(await readFile(f));
    } catch (e) {
      console.error(`无法读取文件 cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 2;
    }
  }
  const { thresholds } = faceConfigFromEnv(process.env);
  if (parsed.threshold !== undefined) thresholds.match = parsed.threshold;
  const engine = await createFaceEngine({ thresholds });
  try {
    const embeddings: number[][] = [];
    for (const [i, image] of images.entries()) {
      const file = parsed.files[i]!;
      let frame: Awaited<ReturnType<typeof engine.analyze>>;
      try {
        frame = await engine.analyze(image);
      } catch (e) {
        console.error(`无法解码图片 cannot decode ${file}: ${(e as Error).message}`);
        return 2;
      }
      // the person's face; small, unsure or duplicate detections (posters, a ghost portrait) do not count
      const { main: f, others, ignored } = countFaces(frame, engine.thresholds);
      if (!f || others.length) {
        const n = f ? 1 + others.length : 0;
        console.error(
          n === 0
            ? `${file}: 未检测到人脸 / no face found`
            : `${file}: 检测到 ${n} 张人脸，只能有一张 / ${n} faces found, exactly one is allowed`,
        );
        return 2;
      }
      const aside = ignored.length
        ? ` (${ignored.length} other detection${ignored.length > 1 ? 's' : ''} set aside: ${ignored.map((i) => `${i.why} ${i.face.detectionScore.toFixed(2)}`).join(', ')})`
        : '';
      console.log(
        `${file}: 1 face at [${f.box.map(Math.round).join(', ')}], detection ${f.detectionScore.toFixed(2)}, anti-spoof ${f.antispoof.toFixed(2)}, liveness ${f.liveness.toFixed(2)}${aside}`,
      );
      embeddings.push(f.embedding);
    }
    const score = engine.compare(embeddings[0]!, embeddings[1]!);
    const threshold = engine.thresholds.match;
    const match = score >= threshold;
    console.log(match ? '同一人 / same person' : '不是同一人 / not the same person');
    console.log(JSON.stringify({ score: Math.round(score * 1e4) / 1e4, match, threshold }));
    return 0;
  } finally {
    engine.dispose();
  }
}
