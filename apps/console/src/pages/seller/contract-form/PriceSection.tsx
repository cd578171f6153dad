import { Button, Col, Descriptions, Form, Row, Select, Typography } from 'antd';
import type { TContractView } from '@netsign/api';
import { YuanInput } from '../../../components/inputs';
import { area } from '../../../format';
import { hint } from '../../../hint';
import { PRICING_OPTIONS } from './options';

/** 房屋与价款: the unit as the 楼盘表 has it, the pricing method, unit price and total (按单价计算总价款). */
export function PriceSection({ unit, onChanged }: { unit: TContractView['parties']['unit']; onChanged: () => void }) {
  const form = Form.useFormInstance();
  const pricingMethod = Form.useWatch(['pricing', 'method'], form);
  /** 按单价计算总价款: unit price × the area the pricing method names (the price itself when 按套). */
  const computeTotal = () => {
    const unitPrice = form.getFieldValue(['pricing', 'unitPrice']) ?? 0;
    const method = form.getFieldValue(['pricing', 'method']);
    const a = method === 'inner_area' ? unit.innerArea : unit.buildArea;
    form.setFieldValue(['pricing', 'totalPrice'], method === 'whole' ? unitPrice : Math.round((unitPrice * a) / 100));
    onChanged(); // setFieldValue is not a user's change: the draft is saved as for one
  };
  return (
    <>
      <Descriptions
        bordered
        size="small"
        column={3}
        title="第二条 商品房基本情况（以楼盘表为准）"
        style={{ marginBottom: 16 }}
      >
        <Descriptions.Item label="项目">{unit.projectName}</Descriptions.Item>
        <Descriptions.Item label="房屋">
          {unit.building} {unit.number}（第 {unit.floor} 层）
        </Descriptions.Item>
        <Descriptions.Item label="用途 / 结构">
          {unit.use} / {unit.structure}
        </Descriptions.Item>
        <Descriptions.Item label="建筑面积">{area(unit.buildArea)}</Descriptions.Item>
        <Descriptions.Item label="套内建筑面积">{area(unit.innerArea)}</Descriptions.Item>
        <Descriptions.Item label="分摊共有建筑面积">{area(unit.sharedArea)}</Descriptions.Item>
        <Descriptions.Item label="坐落" span={2}>
          {unit.address}
        </Descriptions.Item>
        <Descriptions.Item label="预售许可证">{unit.presaleLicence}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary">第三条 计价方式与价款</Typography.Paragraph>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item label="计价方式" name={['pricing', 'method']}>
            <Select options={PRICING_OPTIONS} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            label={pricingMethod === 'whole' ? '整套价格' : '单价（元/平方米）'}
            name={['pricing', 'unitPrice']}
          >
            <YuanInput suffix={pricingMethod === 'whole' ? '元' : '元/m²'} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            label="总价款"
            name={['pricing', 'totalPrice']}
            tooltip={hint('总价款须等于单价 × 面积（按套计算时等于整套价格），误差不超过 1 元')}
          >
            <YuanInput />
          </Form.Item>
        </Col>
      </Row>
      <Button onClick={computeTotal}>按单价计算总价款</Button>
    </>
  );
}
