import { ID_TYPE_LABELS, PAYMENT_METHOD_LABELS, PRICING_METHOD_LABELS, REGION_LABELS } from '@netsign/api';

// the shared label tables as Select options
const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
export const REGIONS = options(REGION_LABELS);
export const ID_TYPES = options(ID_TYPE_LABELS);
export const PRICING_OPTIONS = options(PRICING_METHOD_LABELS);
export const PAYMENT_OPTIONS = options(PAYMENT_METHOD_LABELS);
