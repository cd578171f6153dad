/** A new draft's terms: the unit's list price and the model text's defaults; buyers to fill in. */
export function defaultTerms(unit: { buildArea: number; listUnitPrice: number | null }) {
  const unitPrice = unit.listUnitPrice ?? 0;
  const totalPrice = Math.round((unitPrice * unit.buildArea) / 100);
  return {
    buyers: [{ region: 'mainland', nationality: '中国', idType: 'CN_RESIDENT_ID' }],
    pricing: { method: 'build_area', unitPrice, totalPrice },
    payment: { method: 'full', firstAmount: totalPrice, installments: [] },
    delivery: { conditions: ['取得建设工程竣工验收备案证明文件', '取得房屋测绘报告'] },
    areaDifference: { method: 'model_text' },
    registrationDays: 365,
    liabilities: { lateDeliveryDailyRate: 1, latePaymentDailyRate: 1, graceDays: 90 },
    propertyManagement: { company: '', feePerSquareMetre: 0 },
    disputeResolution: { method: 'court' },
    supplementaryTerms: '',
  };
}

/** Which step of the form holds a field (by its first path segment). */
export const STEP_OF_FIELD: Record<string, number> = {
  buyers: 0,
  pricing: 1,
  payment: 2,
  delivery: 3,
  areaDifference: 3,
  registrationDays: 3,
  liabilities: 4,
  propertyManagement: 4,
  disputeResolution: 4,
  supplementaryTerms: 5,
};
