// What the server answers to the buyer's app (apps/server/src/modules/notary/case-views.ts).
export type ApplicationStatus = '待核验' | '已核验' | '已阅读' | '待审核' | '已通过' | '已驳回' | '待补正';
export type Route = 'face' | 'document_video';

export interface DocumentView {
  id: string;
  kind: string;
  title: string;
  version: string;
  pages: number;
  sha256: string;
  seen: number[];
  completed: boolean;
}

export interface Violation {
  field: string;
  code: string;
  message: string;
}

export interface ApplicationView {
  id: string;
  caseId: string;
  businessNo: string;
  status: ApplicationStatus;
  route: Route;
  buyerName: string;
  unit: string;
  seller: string;
  reason: string | null;
  supplement: { items: string[]; note?: string; done?: string[] } | null;
  consent: { accepted: boolean; textVersion: string; at: string } | null;
  firstVerified: boolean;
  secondVerified: boolean;
  documents: DocumentView[];
  agreedAt: string | null;
  photos: Record<string, { at: string; accepted: boolean; score?: number }>;
  video: { durationMs: number; uploadedAt: string } | null;
  videoText: VideoText | null;
  missing: Violation[];
  /** the photos this buyer's document has (a passport: photo page only), from @netsign/api photosRequired */
  photosRequired?: string[];
  certificateNumber: string | null;
  submittedAt: string | null;
  updatedAt: string;
}

export interface VideoText {
  id: string;
  text: string;
  issuedAt: string;
  expiresAt: string;
}

export interface CaseView {
  caseId: string;
  businessNo: string;
  status: string;
  unit: string;
  seller: string;
  buyers: { buyerIndex: number; name: string; phone: string; verified: boolean; status: string }[];
}

export interface Me {
  kind: 'buyer' | 'staff';
  phone?: string;
  csrfToken: string;
}

export type Challenge = 'blink' | 'turn-left' | 'turn-right' | 'open-mouth';

export interface MessageRow {
  id: string;
  title: string;
  body: string;
  link?: string | null;
  createdAt: string;
  readAt: string | null;
}
