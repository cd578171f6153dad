// The identity-verification port. The built-in LocalIdentityVerifier runs the engine in this
// process; a licensed real-name service (national citizen identity database) implements the same
// interface in its own adapter, so the server's identity module never knows which one it calls.
import { judgeLiveness } from './liveness';
import { isMatch } from './match';
import type { NodeFaceEngine } from './node';
import { countFaces } from './faces';
import type { Challenge, EngineInfo, FrameAnalysis, LivenessDecision, MatchDecision, Thresholds } from './types';

export type FaceErrorCode = 'no-face' | 'multiple-faces';

/** An image the rules cannot use: the caller shows `message` (Chinese / English) to the user. */
export class FaceError extends Error {
  constructor(
    readonly code: FaceErrorCode,
    readonly faces: number,
    readonly which?: string,
  ) {
    super(
      code === 'no-face'
        ? `${which ? `${which}: ` : ''}未检测到人脸 / no face found`
        : `${which ? `${which}: ` : ''}检测到 ${faces} 张人脸，只能有一张 / ${faces} faces found, exactly one is allowed`,
    );
    this.name = 'FaceError';
  }
}

/** A face to compare: an image (uploaded JPEG/PNG bytes) or a reference kept from an earlier check. */
export type FaceSource = { image: Uint8Array; kind: 'live' | 'document' } | { embedding: number[] };

export interface RealNameRequest {
  name: string;
  /** 公民身份号码, already checked by the GB 11643 rule */
  idNumber: string;
  challenge: Challenge;
  frames: Uint8Array[];
}

export interface RealNameResult {
  verified: boolean;
  /** provider's similarity, when it reports one */
  score?: number;
  provider: string;
  /** the provider's transaction id: the notary cites it */
  transactionId?: string;
  reason?: string;
  decidedAt: string;
}

export interface IdentityVerifier {
  /** 'local' for the built-in engine; the provider's name otherwise */
  readonly provider: string;
  /** whether verifyRealName can reach a citizen registry (the local engine cannot) */
  readonly hasRegistry: boolean;
  /** Judge a liveness challenge on frames the server received (JPEG/PNG bytes, capture order). */
  verifyLiveness(challenge: Challenge, frames: Uint8Array[]): Promise<LivenessDecision>;
  /** Same person? A document side uses its largest face; a live side must hold exactly one. */
  matchFaces(a: FaceSource, b: FaceSource): Promise<MatchDecision & { embeddings: [number[], number[]] }>;
  /** Mainland buyers: live face against the registry photo of this name and ID number. */
  verifyRealName(req: RealNameRequest): Promise<RealNameResult>;
}

export class LocalIdentityVerifier implements IdentityVerifier {
  readonly provider = 'local';
  readonly hasRegistry = false;

  constructor(
    private readonly engine: NodeFaceEngine,
    private readonly thresholds: Thresholds = engine.thresholds,
  ) {}

  async verifyLiveness(challenge: Challenge, frames: Uint8Array[]): Promise<LivenessDecision> {
    const analysed: FrameAnalysis[] = [];
    for (const f of frames.slice(0, this.thresholds.maxFrames + 1)) analysed.push(await this.engine.analyze(f));
    return judgeLiveness(challenge, analysed, this.thresholds, { engine: this.engine.info });
  }

  private async embedding(src: FaceSource, which: string): Promise<number[]> {
    if ('embedding' in src) return src.embedding;
    const { main, others } = countFaces(await this.engine.analyze(src.image), this.thresholds);
    if (!main) throw new FaceError('no-face', 0, which);
    if (src.kind === 'live' && others.length) throw new FaceError('multiple-faces', 1 + others.length, which);
    return main.embedding;
  }

  async matchFaces(a: FaceSource, b: FaceSource) {
    const ea = await this.embedding(a, 'A');
    const eb = await this.embedding(b, 'B');
    const score = this.engine.compare(ea, eb);
    return {
      score,
      match: isMatch(score, this.thresholds),
      threshold: this.thresholds.match,
      engine: this.engine.info as EngineInfo,
      decidedAt: new Date().toISOString(),
      embeddings: [ea, eb] as [number[], number[]],
    };
  }

  async verifyRealName(): Promise<RealNameResult> {
    // No registry here: the flow uses the ID card portrait match instead (docs/FACE.md).
    return { verified: false, provider: this.provider, reason: 'no-registry', decidedAt: new Date().toISOString() };
  }
}
