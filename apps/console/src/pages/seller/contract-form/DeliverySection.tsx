import { Col, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { DateInput } from '../../../components/inputs';
import { hint } from '../../../hint';

/** 交付与登记: delivery date and conditions, 面积差异 handling, registration. */
export function DeliverySection() {
  const form = Form.useFormInstance();
  const areaMethod = Form.useWatch(['areaDifference', 'method'], form);
  return (
    <>
      <Typography.Paragraph type="secondary">
        第五章 商品房交付条件与交付手续；第十三条 面积差异处理；第二十条 房屋登记
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item
            label="交付日期"
            name={['delivery', 'date']}
            tooltip={hint('出卖人应当在该日期前向买受人交付该商品房')}
          >
            <DateInput />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item label="交付条件" name={['delivery', 'conditions']}>
            <Select
              mode="tags"
              options={[
                '取得建设工程竣工验收备案证明文件',
                '取得房屋测绘报告',
                '满足供水、排水、供电、燃气、通讯等基本使用条件',
              ].map((v) => ({ value: v, label: v }))}
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            label="面积差异处理"
            name={['areaDifference', 'method']}
            tooltip={hint('示范文本第十三条：面积误差比绝对值在 3% 以内（含）据实结算；超出 3% 的，买受人有权退房')}
          >
            <Select
              options={[
                { value: 'model_text', label: '按示范文本第十三条（±3%）' },
                { value: 'agreed', label: '双方自行约定' },
              ]}
            />
          </Form.Item>
        </Col>
        {areaMethod === 'agreed' && (
          <Col span={16}>
            <Form.Item label="约定的处理方式" name={['areaDifference', 'agreedTerms']}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
        )}
        <Col span={8}>
          <Form.Item label="办理房屋登记期限（交付后天数）" name="registrationDays">
            <InputNumber min={1} max={730} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
