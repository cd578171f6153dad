import { Button, Card, Col, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { hint } from '../../../hint';
import { ID_TYPES, REGIONS } from './options';

/** 第一条 买受人: each buyer with region, ID document, phone and share (共同买受人 together 100%). */
// onChanged: adding or removing a row is not reported by the form; the draft is saved as for a change
export function BuyersSection({ onChanged }: { onChanged: () => void }) {
  return (
    <>
      <Typography.Paragraph type="secondary">
        第一条 当事人：买受人为自然人的，填写身份证明文件；多名买受人共同购买的，填写各自的共有份额（合计
        100%）。非中国大陆居民将以证件与佐证视频方式核验身份。
      </Typography.Paragraph>
      <Form.List name="buyers">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Card
                key={f.key}
                size="small"
                title={`买受人 ${i + 1}`}
                style={{ marginBottom: 12 }}
                extra={
                  fields.length > 1 && (
                    <Button
                      size="small"
                      danger
                      onClick={() => {
                        remove(f.name);
                        onChanged();
                      }}
                    >
                      移除
                    </Button>
                  )
                }
              >
                <Row gutter={16}>
                  <Col span={8}>
                    <Form.Item label="姓名" name={[f.name, 'name']}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item
                      label="买受人类别"
                      name={[f.name, 'region']}
                      tooltip={hint('中国大陆公民以人脸识别核验身份；其他买受人以证件加佐证视频核验')}
                    >
                      <Select options={REGIONS} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item label="国籍" name={[f.name, 'nationality']}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item label="证件类型" name={[f.name, 'idType']}>
                      <Select options={ID_TYPES} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item
                      label="证件号码"
                      name={[f.name, 'idNumber']}
                      tooltip={hint('居民身份证按 GB 11643 校验；护照、通行证按号码规则与校验位校验')}
                    >
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item
                      label="联系电话"
                      name={[f.name, 'phone']}
                      tooltip={hint('买受人用此手机号登录签约小程序')}
                    >
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col span={16}>
                    <Form.Item label="通讯地址" name={[f.name, 'address']}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item
                      label="共有份额（%）"
                      name={[f.name, 'share']}
                      tooltip={hint('仅共同买受人填写，合计须为 100%')}
                    >
                      <InputNumber min={0} max={100} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
            ))}
            {fields.length < 5 && (
              <Button
                onClick={() => {
                  add({ region: 'mainland', nationality: '中国', idType: 'CN_RESIDENT_ID' });
                  onChanged();
                }}
              >
                添加共同买受人
              </Button>
            )}
          </>
        )}
      </Form.List>
    </>
  );
}
