import { Descriptions } from 'antd';
import { ID_TYPE_LABELS, PAYMENT_METHOD_LABELS, PRICING_METHOD_LABELS, type TContractTermsDraft } from '@netsign/api';
import { yuan } from '../../format';

const PAY: Record<string, string> = PAYMENT_METHOD_LABELS;
const PRICING: Record<string, string> = PRICING_METHOD_LABELS;

/** The filled contract, read-only. */
export function TermsView({ terms }: { terms: TContractTermsDraft | undefined }) {
  if (!terms) return null;
  const buyers = terms.buyers ?? [];
  return (
    <>
      {buyers.map((b, i) => (
        <Descriptions key={i} size="small" bordered column={4} title={`买受人 ${i + 1}`} style={{ marginBottom: 12 }}>
          <Descriptions.Item label="姓名">{b.name}</Descriptions.Item>
          <Descriptions.Item label="证件">
            {(ID_TYPE_LABELS as Record<string, string>)[b.idType ?? ''] ?? b.idType} {b.idNumber}
          </Descriptions.Item>
          <Descriptions.Item label="电话">{b.phone}</Descriptions.Item>
          <Descriptions.Item label="共有份额">{b.share !== undefined ? `${b.share}%` : '—'}</Descriptions.Item>
          <Descriptions.Item label="通讯地址" span={4}>
            {b.address}
          </Descriptions.Item>
        </Descriptions>
      ))}
      <Descriptions size="small" bordered column={3} title="价款与履行">
        <Descriptions.Item label="计价方式">{PRICING[terms.pricing?.method ?? ''] ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="单价">{yuan(terms.pricing?.unitPrice)}</Descriptions.Item>
        <Descriptions.Item label="总价款">{yuan(terms.pricing?.totalPrice)}</Descriptions.Item>
        <Descriptions.Item label="付款方式">{PAY[terms.payment?.method ?? ''] ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="首期 / 房价款">
          {yuan(terms.payment?.firstAmount)}（{terms.payment?.firstDueDate ?? '—'}）
        </Descriptions.Item>
        <Descriptions.Item label="贷款金额">
          {terms.payment?.loanAmount ? yuan(terms.payment.loanAmount) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="交付日期">{terms.delivery?.date ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="面积差异处理">
          {terms.areaDifference?.method === 'agreed' ? terms.areaDifference.agreedTerms : '按示范文本第十三条（±3%）'}
        </Descriptions.Item>
        <Descriptions.Item label="房屋登记">交付后 {terms.registrationDays} 日内</Descriptions.Item>
        <Descriptions.Item label="争议解决">
          {terms.disputeResolution?.method === 'arbitration'
            ? `仲裁（${terms.disputeResolution.arbitrationCommission ?? ''}）`
            : '人民法院诉讼'}
        </Descriptions.Item>
        <Descriptions.Item label="物业服务">{terms.propertyManagement?.company || '—'}</Descriptions.Item>
        <Descriptions.Item label="补充协议">{terms.supplementaryTerms || '—'}</Descriptions.Item>
      </Descriptions>
    </>
  );
}
