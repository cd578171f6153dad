import { Col, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { YuanInput } from '../../../components/inputs';

/** 违约责任与物业: liabilities, property management, and how disputes are settled. */
export function LiabilitySection() {
  const form = Form.useFormInstance();
  const disputeMethod = Form.useWatch(['disputeResolution', 'method'], form);
  return (
    <>
      <Typography.Paragraph type="secondary">
        第十章 违约责任；前期物业管理；第二十三条 争议解决方式
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item label="逾期交房违约金（日万分之）" name={['liabilities', 'lateDeliveryDailyRate']}>
            <InputNumber min={0} max={100} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="逾期付款违约金（日万分之）" name={['liabilities', 'latePaymentDailyRate']}>
            <InputNumber min={0} max={100} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="宽限期（天）" name={['liabilities', 'graceDays']}>
            <InputNumber min={0} max={365} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="前期物业服务企业" name={['propertyManagement', 'company']}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="物业服务费（元/平方米·月）" name={['propertyManagement', 'feePerSquareMetre']}>
            <YuanInput suffix="元/m²·月" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="争议解决方式" name={['disputeResolution', 'method']}>
            <Select
              options={[
                { value: 'court', label: '依法向房屋所在地人民法院起诉' },
                { value: 'arbitration', label: '提交仲裁委员会仲裁' },
              ]}
            />
          </Form.Item>
        </Col>
        {disputeMethod === 'arbitration' && (
          <Col span={12}>
            <Form.Item label="仲裁委员会" name={['disputeResolution', 'arbitrationCommission']}>
              <Input placeholder="如 中山仲裁委员会" />
            </Form.Item>
          </Col>
        )}
      </Row>
    </>
  );
}
