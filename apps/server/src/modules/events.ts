import type { TContractParties, TContractTerms } from '@netsign/api';
import type { FilingOutcome, FilingReviewResult } from '@netsign/domain';

// The published language of the contexts: commands and events between the 网签 side (contracts, filing) and the 公证 side (notary).
// Each carries what the receiver needs, so neither side reads the other's tables.

export const CONTRACT_PUSHED = 'contract.pushed';
export interface TContractPushed {
  contractId: string;
  businessNo: string;
  sellerOrgId: string;
  officeId: string;
  parties: TContractParties;
  terms: TContractTerms;
  econtract: { sha256: string; pages: number };
  materials: { category: string; sha256: string; mime: string }[];
}

export const CASE_RECEIVED = 'notary.case-received';
export interface TCaseReceived {
  contractId: string;
  caseId: string;
  qrLink: string;
  qrExpiresAt: string;
}

export const CASE_REJECTED = 'notary.case-rejected';
export interface TCaseRejected {
  contractId: string;
  caseId: string;
  reason: string;
}

export const CERTIFICATE_ISSUED = 'notary.certificate-issued';
export interface TCertificateIssued {
  contractId: string;
  caseId: string;
  certificateNumber: string;
  sha256: string;
  issuedAt: string;
}

/** A case was decided (审核通过 or 驳回); handled by the notary context itself: it makes the case's 公证卷宗. */
export const CASE_DECIDED = 'notary.case-decided';
export interface TCaseDecided {
  caseId: string;
  outcome: 'approved' | 'rejected';
}

export const FILING_REQUESTED = 'filing.requested';
export interface TFilingRequested {
  contractId: string;
  businessNo: string;
  sellerOrgId: string;
  /** the transaction center of the unit's city; only it reads and decides the filing */
  centerOrgId: string;
  path: 'notarized' | 'paper';
  parties: TContractParties;
  terms: TContractTerms;
  econtractSha256: string | null;
  certificate: { number: string; sha256: string } | null;
  materials: { category: string; sha256: string; mime: string }[];
}

export const FILING_DECIDED = 'filing.decided';
export interface TFilingDecided {
  contractId: string;
  filingId: string;
  outcome: FilingOutcome;
  /** on the result of 审核: 通过 (outcome reviewed) or 退回 (outcome returned) */
  review?: FilingReviewResult;
  filingNumber?: string;
  recordSha256?: string;
  reason?: string;
}
