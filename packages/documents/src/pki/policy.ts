// The verify policy: for each kind of document, who must sign it and how. The signer's role comes
// from the certificate profile (policy OIDs, profile.ts), the document's kind and facts from the
// document itself as first signed (markers the renderers write into the Info dictionary), or
// from the platform record. Names are never compared.
import type { Role } from './profile.ts';
import { PdfFile, type Val } from './pdf-reader.ts';

export type DocumentKind =
  | 'econtract'
  | 'application_form'
  | 'notice'
  | 'intake_record'
  | 'certificate'
  | 'filing_record';

export const KIND_LABEL: Record<DocumentKind | 'unknown', { zh: string; en: string }> = {
  econtract: { zh: '电子合同', en: 'e-contract' },
  application_form: { zh: '公证申请表', en: 'notarization application' },
  notice: { zh: '公证告知书', en: 'notarization notice acknowledgement' },
  intake_record: { zh: '收案记录', en: 'case intake record' },
  certificate: { zh: '公证书', en: 'notarial certificate' },
  filing_record: { zh: '备案证明', en: 'filing record' },
  unknown: { zh: '未知类型文件', en: 'document of unknown kind' },
};

export const RULE: Record<DocumentKind, { zh: string; en: string }> = {
  econtract: {
    zh: '出卖人认证签名（DocMDP 2：仅允许签名）在先，其后合同每位买受人各一个签名',
    en: "the seller's certification signature (DocMDP 2: signing only) first, then one signature by every buyer of the contract",
  },
  application_form: { zh: '由该申请表所属买受人本人签名', en: 'signed by the buyer it belongs to' },
  notice: { zh: '由该告知书所属买受人本人签名', en: 'signed by the buyer it belongs to' },
  intake_record: {
    zh: '由公证处认证签名（DocMDP 1：签署后不得修改）',
    en: 'certified by the notary office (DocMDP 1: no change after signing)',
  },
  certificate: {
    zh: '由公证处认证签名（DocMDP 1：签署后不得修改）',
    en: 'certified by the notary office (DocMDP 1: no change after signing)',
  },
  filing_record: {
    zh: '由交易中心认证签名（DocMDP 1：签署后不得修改）',
    en: 'certified by the transaction center (DocMDP 1: no change after signing)',
  },
};

export interface Finding {
  code: string;
  zh: string;
  en: string;
}
export const finding = (code: string, zh: string, en: string): Finding => ({ code, zh, en });

/** What the document says about itself, written by our renderers into the Info dictionary. */
export interface DocumentFacts {
  kind: DocumentKind | 'unknown';
  reference?: string; // 业务号 (contract, case forms), 公证书编号, 备案号
  buyers?: number; // e-contract: how many buyers must sign
  buyerIndex?: number; // 申请表 / 告知: whose form it is
}

export const MARKER = {
  kind: 'NetsignKind',
  reference: 'NetsignReference',
  buyers: 'NetsignBuyers',
  buyerIndex: 'NetsignBuyerIndex',
  signatureSpots: 'NetsignSignatureSpots',
} as const;

const KINDS = new Set<string>(Object.keys(RULE));

/** A text entry of the Info dictionary (as its bytes, latin1), or undefined. */
function infoReader(pdf: Buffer): (key: string) => string | undefined {
  let info: Map<string, Val> | undefined;
  let f: PdfFile | undefined;
  try {
    f = new PdfFile(pdf);
    const d = f.resolve(f.trailer.get('Info'));
    if (d?.t === 'dict') info = d.m;
  } catch {
    /* not readable: no facts */
  }
  return (key: string): string | undefined => {
    try {
      const v = f?.resolve(info?.get(key));
      if (v?.t !== 'str') return undefined;
      const m = /^\(([^()\\]*)\)$/.exec(v.raw) ?? /^<([0-9a-fA-F]*)>$/.exec(v.raw);
      if (!m) return undefined;
      return v.raw.startsWith('<') ? Buffer.from(m[1], 'hex').toString('latin1') : m[1];
    } catch {
      return undefined;
    }
  };
}

/** Facts from the Info dictionary of `signedRevision` (the file as the first signature covers it). */
export function readDocumentFacts(signedRevision: Buffer): DocumentFacts {
  const text = infoReader(signedRevision);
  const kind = text(MARKER.kind);
  const num = (s?: string) => (s !== undefined && /^\d{1,4}$/.test(s) ? Number(s) : undefined);
  const ref = text(MARKER.reference);
  return {
    kind: kind && KINDS.has(kind) ? (kind as DocumentKind) : 'unknown',
    reference: ref !== undefined ? decodeReference(ref) : undefined,
    buyers: num(text(MARKER.buyers)),
    buyerIndex: num(text(MARKER.buyerIndex)),
  };
}

/** Where the e-contract's renderer put buyer `buyerIndex`'s 买受人（签章）: page (0-based) and rectangle. */
export function signatureSpot(
  pdf: Buffer,
  buyerIndex: number,
): { page: number; rect: [number, number, number, number] } | undefined {
  for (const spot of (infoReader(pdf)(MARKER.signatureSpots) ?? '').split(';')) {
    const n = spot.trim().split(/\s+/).map(Number);
    if (n.length === 6 && n.every(Number.isFinite) && n[0] === buyerIndex)
      return { page: n[1], rect: [n[2], n[3], n[4], n[5]] };
  }
  return undefined;
}

/** References contain Chinese (公证书编号): written as hex of UTF-8 so the marker stays ASCII. */
export const encodeReference = (s: string) => 'u8:' + Buffer.from(s, 'utf8').toString('hex');
const decodeReference = (s: string) => (s.startsWith('u8:') ? Buffer.from(s.slice(3), 'hex').toString('utf8') : s);

export interface PolicySignature {
  index: number;
  role: Role;
  docMdp?: number;
  context?: { reference: string; caseNumber: string; buyerIndex: number };
}

/** Which signatures the kind requires, and whether these are they. */
export function applyPolicy(facts: DocumentFacts, sigs: PolicySignature[]): Finding[] {
  const out: Finding[] = [];
  const k = facts.kind;
  if (k === 'unknown') {
    if (sigs.some((s) => s.role !== 'unknown'))
      out.push(
        finding(
          'KIND_UNKNOWN',
          '文件未声明类型：平台签署的文件必须带有类型标记，无法确定应由谁签署',
          'the document does not say what it is: a platform-signed document must, so who must sign it cannot be decided',
        ),
      );
    return out;
  }
  const first = sigs[0];
  const office = (role: Role, label: string, labelEn: string) => {
    if (!first || first.role !== role)
      out.push(
        finding(
          'WRONG_SIGNER',
          `${KIND_LABEL[k].zh}须由${label}签署，但第一个签名来自${first ? roleZh(first.role) : '无'}`,
          `a ${KIND_LABEL[k].en} must be signed by the ${labelEn}, but the first signature is by ${first ? first.role : 'nobody'}`,
        ),
      );
    else if (first.docMdp !== 1)
      out.push(
        finding(
          'NOT_CERTIFIED',
          `${KIND_LABEL[k].zh}须为认证签名（DocMDP 1，签署后不得修改）`,
          `a ${KIND_LABEL[k].en} must carry a certification signature with DocMDP 1 (no change allowed)`,
        ),
      );
    for (const s of sigs.slice(1))
      out.push(
        finding(
          'EXTRA_SIGNATURE',
          `签名 #${s.index}（${roleZh(s.role)}）在${label}签署之后追加，不被允许`,
          `signature #${s.index} (${s.role}) was added after the ${labelEn} signed, which is not allowed`,
        ),
      );
  };
  if (k === 'certificate' || k === 'intake_record') office('notary', '公证处', 'notary office');
  else if (k === 'filing_record') office('center', '交易中心', 'transaction center');
  else if (k === 'econtract') {
    if (!first || first.role !== 'seller')
      out.push(
        finding(
          'WRONG_SIGNER',
          `电子合同的第一个签名须为出卖人的认证签名，但来自${first ? roleZh(first.role) : '无'}`,
          `the e-contract's first signature must be the seller's certification, but it is by ${first ? first.role : 'nobody'}`,
        ),
      );
    else if (first.docMdp !== 2)
      out.push(
        finding(
          'NOT_CERTIFIED',
          '出卖人的签名须为认证签名（DocMDP 2：其后仅允许签名）',
          "the seller's signature must be a certification with DocMDP 2 (signing only afterwards)",
        ),
      );
    const need = facts.buyers ?? 0;
    const seen = new Set<number>();
    for (const s of sigs.slice(1)) {
      if (s.role !== 'buyer') {
        out.push(
          finding(
            'WRONG_SIGNER',
            `签名 #${s.index} 来自${roleZh(s.role)}，电子合同在出卖人之后只能由买受人签名`,
            `signature #${s.index} is by ${s.role}; after the seller only buyers sign an e-contract`,
          ),
        );
        continue;
      }
      if (!s.context || s.context.reference !== facts.reference) {
        out.push(
          finding(
            'BUYER_NOT_OF_CONTRACT',
            `签名 #${s.index} 的买受人证书不是为本合同（${facts.reference ?? '?'}）签发的`,
            `signature #${s.index}: the buyer's certificate was not issued for this contract (${facts.reference ?? '?'})`,
          ),
        );
        continue;
      }
      if (s.context.buyerIndex >= need || seen.has(s.context.buyerIndex)) {
        out.push(
          finding(
            'BUYER_DUPLICATE',
            `签名 #${s.index}：买受人 ${s.context.buyerIndex + 1} 重复签名或不在合同中`,
            `signature #${s.index}: buyer ${s.context.buyerIndex + 1} signed twice or is not a party`,
          ),
        );
        continue;
      }
      seen.add(s.context.buyerIndex);
    }
    const missing = [...Array(need).keys()].filter((i) => !seen.has(i));
    if (missing.length)
      out.push(
        finding(
          'BUYER_SIGNATURE_MISSING',
          `缺少买受人签名：第 ${missing.map((i) => i + 1).join('、')} 位买受人尚未签名`,
          `missing buyer signatures: buyer ${missing.map((i) => i + 1).join(', ')} has not signed`,
        ),
      );
  } else {
    // 申请表 / 告知: exactly the buyer it belongs to
    if (!first || first.role !== 'buyer')
      out.push(
        finding(
          'WRONG_SIGNER',
          `${KIND_LABEL[k].zh}须由买受人本人签名，但${first ? `签名来自${roleZh(first.role)}` : '文件未签名'}`,
          `a ${KIND_LABEL[k].en} must be signed by its buyer, but ${first ? `the signature is by ${first.role}` : 'it is not signed'}`,
        ),
      );
    else if (
      !first.context ||
      first.context.reference !== facts.reference ||
      first.context.buyerIndex !== facts.buyerIndex
    )
      out.push(
        finding(
          'BUYER_NOT_OF_CONTRACT',
          '签名的买受人证书不属于该表所属的买受人',
          "the buyer certificate that signed is not the certificate of this form's buyer",
        ),
      );
    for (const s of sigs.slice(1))
      out.push(
        finding(
          'EXTRA_SIGNATURE',
          `签名 #${s.index} 在买受人签名之后追加，不被允许`,
          `signature #${s.index} was added after the buyer signed, which is not allowed`,
        ),
      );
  }
  return out;
}

const roleZh = (r: Role) =>
  ({
    seller: '出卖人',
    notary: '公证处',
    center: '交易中心',
    tsa: '时间戳服务（不能签署文件）',
    buyer: '买受人',
    unknown: '未知身份的证书',
  })[r];
