/**
 * Chinese names of the contract terms' fields (ZContractTermsInput), as the console's form and the
 * model text GF-2014-0171 call them: what a clerk reads in the check summary instead of a code path
 * (`buyers.0.name` → 第一条 买受人 1 姓名).
 */
const SECTION: Record<string, string> = {
  buyers: '第一条',
  pricing: '第三条',
  payment: '第四条',
  delivery: '第五章',
  areaDifference: '第十三条',
  registrationDays: '第二十条',
  liabilities: '第十章 违约责任',
  propertyManagement: '前期物业管理',
  disputeResolution: '第二十三条',
  supplementaryTerms: '补充协议',
};

const FIELD: Record<string, string> = {
  buyers: '买受人',
  'buyers.*.name': '姓名',
  'buyers.*.region': '买受人类别',
  'buyers.*.nationality': '国籍',
  'buyers.*.idType': '证件类型',
  'buyers.*.idNumber': '证件号码',
  'buyers.*.phone': '联系电话',
  'buyers.*.address': '通讯地址',
  'buyers.*.share': '共有份额',
  pricing: '计价方式与价款',
  'pricing.method': '计价方式',
  'pricing.unitPrice': '单价',
  'pricing.totalPrice': '总价款',
  payment: '付款方式及期限',
  'payment.method': '付款方式',
  'payment.firstAmount': '首期付款金额',
  'payment.firstDueDate': '首期付款日期',
  'payment.installments': '分期付款',
  'payment.installments.*.amount': '付款金额',
  'payment.installments.*.dueDate': '付款日期',
  'payment.loanAmount': '贷款金额',
  'payment.loanType': '贷款方式',
  delivery: '交付',
  'delivery.date': '交付日期',
  'delivery.conditions': '交付条件',
  areaDifference: '面积差异处理',
  'areaDifference.method': '面积差异处理',
  'areaDifference.agreedTerms': '约定的处理方式',
  registrationDays: '办理房屋登记期限',
  liabilities: '',
  'liabilities.lateDeliveryDailyRate': '逾期交房违约金',
  'liabilities.latePaymentDailyRate': '逾期付款违约金',
  'liabilities.graceDays': '宽限期',
  propertyManagement: '',
  'propertyManagement.company': '前期物业服务企业',
  'propertyManagement.feePerSquareMetre': '物业服务费',
  disputeResolution: '争议解决方式',
  'disputeResolution.method': '争议解决方式',
  'disputeResolution.arbitrationCommission': '仲裁委员会',
  supplementaryTerms: '',
};

/** `buyers.0.name` → `第一条 买受人 1 姓名`; a path it does not know keeps its known beginning. */
export function contractFieldLabel(path: string): string {
  const parts = path.split('.').filter(Boolean);
  const section = SECTION[parts[0]];
  if (!section) return path;
  const words: string[] = [section];
  for (let n = 1; n <= parts.length; n++) {
    const p = parts[n - 1];
    if (/^\d+$/.test(p)) {
      // an array's element: 买受人 1, 第 2 期
      if (parts[n - 2] === 'installments') words.push(`第 ${Number(p) + 1} 期`);
      else words.push(String(Number(p) + 1));
      continue;
    }
    const key = parts
      .slice(0, n)
      .map((x) => (/^\d+$/.test(x) ? '*' : x))
      .join('.');
    const label = FIELD[key];
    if (label === undefined) break;
    // a group's name only for the group itself or a list's element (买受人 1), not before its fields
    const named = n === parts.length || /^\d+$/.test(parts[n] ?? '');
    if (label && named && label !== words[words.length - 1]) words.push(label);
  }
  return words.join(' ');
}

/** The rule's own words of a violation, without a leading "<field>：" the server may have put. */
export function violationRule(v: { field: string; message: string }): string {
  for (const prefix of [`${contractFieldLabel(v.field)}：`, `${v.field}：`])
    if (v.message.startsWith(prefix)) return v.message.slice(prefix.length);
  return v.message;
}

/** One line of the check summary: `第一条 买受人 1 姓名：必填`. */
export function violationSummary(v: { field: string; message: string }): string {
  return `${contractFieldLabel(v.field)}：${violationRule(v)}`;
}
