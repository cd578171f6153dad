// GF-2014-0171 第十三条 面积差异处理: settle a difference between contracted (预测) and measured (实测)
// area. All arithmetic in integers: areas in 0.01 m², money in fen (分), unit price in fen per m².
import { ok, type RuleResult, type RuleViolation } from './rule';

export type AreaBasis = 'BUILDING' | 'INTERIOR';
export const AREA_BASIS_LABELS: Record<AreaBasis, string> = { BUILDING: '建筑面积', INTERIOR: '套内建筑面积' };

export interface AreaDifferenceInput {
  basis: AreaBasis;
  /** integer 0.01 m² units, or a decimal string in m² like "89.37" */
  contractedArea: number | string;
  /** integer 0.01 m² units, or a decimal string in m² */
  measuredArea: number | string;
  /** integer fen per m², or a decimal string in yuan per m² like "18500.00" */
  unitPrice: number | string;
}

export interface AreaDifferenceSettlement {
  basis: AreaBasis;
  contractedArea: number;
  measuredArea: number;
  unitPriceFen: number;
  /** measured − contracted, 0.01 m² */
  differenceArea: number;
  /** 误差比 as a signed percentage with two decimals, e.g. "+3.05%" */
  ratioPercent: string;
  /** |误差比| ≤ 3 % (含 3 %) */
  withinTolerance: boolean;
  /** beyond 3 % the buyer may terminate the contract */
  buyerMayTerminate: boolean;
  contractedPriceFen: number;
  measuredPriceFen: number;
  /** if kept: what the buyer pays on top (increase, up to +3 %) */
  buyerPaysFen: number;
  /** if kept: value of the area beyond +3 % that the seller bears */
  sellerBearsFen: number;
  /** if kept: total the seller returns (decrease; the part beyond −3 % doubled) */
  refundFen: number;
  /** value of the area beyond −3 % (refunded twice over) */
  beyondShortfallFen: number;
  /** if kept: the final house price = contracted + buyerPays − refund */
  settledPriceFen: number;
  explanation: string;
}

const TOLERANCE_PERCENT = 3n;

/** Parses a non-negative decimal with at most `scale` decimals into an integer of 10^-scale units. */
export function parseDecimal(s: string, scale = 2): number | null {
  const m = /^\s*(\d+)(?:\.(\d+))?\s*$/.exec(s.normalize('NFKC').replace(/,/g, ''));
  if (!m || (m[2] && m[2].length > scale)) return null;
  const v = Number(m[1]) * 10 ** scale + Number((m[2] ?? '').padEnd(scale, '0') || 0);
  return Number.isSafeInteger(v) ? v : null;
}

/** fen → "1234.56" */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
const formatArea = formatFen; // 0.01 m² → "89.37"

/** Rounds n/d half up for n ≥ 0, d > 0. */
const divRound = (n: bigint, d: bigint) => (2n * n + d) / (2n * d);

export function settleAreaDifference(
  input: AreaDifferenceInput,
  fieldPrefix = '',
): RuleResult<AreaDifferenceSettlement> {
  const violations: RuleViolation[] = [];
  const basisLabel = AREA_BASIS_LABELS[input.basis];
  const read = (v: number | string, name: string, label: string, unit: string): number => {
    const n = typeof v === 'number' ? v : parseDecimal(v);
    const field = fieldPrefix + name;
    if (n === null || !Number.isSafeInteger(n)) {
      violations.push({
        field,
        code: 'DECIMAL_FORMAT',
        message: `${label}格式错误：应为最多两位小数的数字（${unit}）`,
      });
      return 0;
    }
    if (n <= 0) violations.push({ field, code: 'MUST_BE_POSITIVE', message: `${label}必须大于0` });
    return n;
  };
  const c = read(input.contractedArea, 'contractedArea', `合同约定${basisLabel}`, '平方米');
  const m = read(input.measuredArea, 'measuredArea', `实测${basisLabel}`, '平方米');
  const p = read(input.unitPrice, 'unitPrice', `按${basisLabel}计算的单价`, '元/平方米');
  if (violations.length) return { ok: false, violations };

  const C = BigInt(c);
  const M = BigInt(m);
  const P = BigInt(p);
  const contractedPrice = divRound(C * P, 100n);
  const measuredPrice = divRound(M * P, 100n);
  // Value of 3 % of the contracted area at the unit price.
  const capValue = divRound(C * P * TOLERANCE_PERCENT, 10000n);
  const diff = M - C;
  const absDiff = diff < 0n ? -diff : diff;
  const within = absDiff * 100n <= TOLERANCE_PERCENT * C; // exact: |Δ|/C ≤ 3 %

  let buyerPays = 0n;
  let sellerBears = 0n;
  let refund = 0n;
  let beyondShortfall = 0n;
  if (diff > 0n) {
    const delta = measuredPrice - contractedPrice;
    buyerPays = within || capValue > delta ? delta : capValue;
    sellerBears = delta - buyerPays;
  } else if (diff < 0n) {
    const delta = contractedPrice - measuredPrice;
    const single = within || capValue > delta ? delta : capValue;
    beyondShortfall = delta - single;
    refund = single + 2n * beyondShortfall;
  }
  const settled = contractedPrice + buyerPays - refund;

  // 误差比 with two decimals, rounded half away from zero.
  const hundredthsOfPercent = divRound(absDiff * 10000n, C);
  const ratioPercent = `${diff < 0n ? '-' : diff > 0n ? '+' : ''}${formatFen(Number(hundredthsOfPercent))}%`;

  const yuan = (v: bigint) => `${formatFen(Number(v))}元`;
  const head =
    `合同约定${basisLabel} ${formatArea(c)} 平方米，实测 ${formatArea(m)} 平方米，` +
    `面积误差比 ${ratioPercent}（误差比 =（实测 − 约定）÷ 约定）。`;
  let body: string;
  if (diff === 0n) body = '面积无误差，房价款不变。';
  else if (within) {
    body =
      diff > 0n
        ? `误差比绝对值在3%以内（含3%），据实结算：买受人补足房价款 ${yuan(buyerPays)}。`
        : `误差比绝对值在3%以内（含3%），据实结算：出卖人返还房价款 ${yuan(refund)}。`;
  } else if (diff > 0n) {
    body =
      `误差比绝对值超出3%，买受人有权解除合同。买受人不解除合同的：3%以内部分的房价款 ${yuan(buyerPays)} 由买受人补足；` +
      `超出3%部分的房价款 ${yuan(sellerBears)} 由出卖人承担，产权归买受人所有。`;
  } else {
    body =
      `误差比绝对值超出3%，买受人有权解除合同。买受人不解除合同的：3%以内部分的房价款 ${yuan(refund - 2n * beyondShortfall)} 由出卖人返还；` +
      `超出3%部分的房价款 ${yuan(beyondShortfall)} 由出卖人双倍返还，即 ${yuan(2n * beyondShortfall)}；共返还 ${yuan(refund)}。`;
  }
  const tail = `结算后房价款 ${yuan(settled)}（约定 ${yuan(contractedPrice)}）。`;

  const n = (v: bigint) => {
    const x = Number(v);
    if (!Number.isSafeInteger(x)) throw new RangeError('amount exceeds safe integer range');
    return x;
  };
  return ok({
    basis: input.basis,
    contractedArea: c,
    measuredArea: m,
    unitPriceFen: p,
    differenceArea: m - c,
    ratioPercent,
    withinTolerance: within,
    buyerMayTerminate: !within,
    contractedPriceFen: n(contractedPrice),
    measuredPriceFen: n(measuredPrice),
    buyerPaysFen: n(buyerPays),
    sellerBearsFen: n(sellerBears),
    refundFen: n(refund),
    beyondShortfallFen: n(beyondShortfall),
    settledPriceFen: n(settled),
    explanation: head + body + tail,
  });
}
