import { Button, Col, Form, Row, Select, Typography } from 'antd';
import { DateInput, YuanInput } from '../../../components/inputs';
import { hint } from '../../../hint';
import { PAYMENT_OPTIONS } from './options';

/** 付款方式: 一次性, 分期 or 贷款, with the amounts and dates each asks for. */
// onChanged: adding or removing a row is not reported by the form; the draft is saved as for a change
export function PaymentSection({ onChanged }: { onChanged: () => void }) {
  const form = Form.useFormInstance();
  const paymentMethod = Form.useWatch(['payment', 'method'], form);
  return (
    <>
      <Typography.Paragraph type="secondary">第四条 付款方式及期限</Typography.Paragraph>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item label="付款方式" name={['payment', 'method']}>
            <Select options={PAYMENT_OPTIONS} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            label={
              paymentMethod === 'mortgage' ? '首期房价款' : paymentMethod === 'installment' ? '第一期房价款' : '房价款'
            }
            name={['payment', 'firstAmount']}
          >
            <YuanInput />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="付款日期" name={['payment', 'firstDueDate']}>
            <DateInput />
          </Form.Item>
        </Col>
        {paymentMethod === 'mortgage' && (
          <>
            <Col span={8}>
              <Form.Item
                label="贷款金额"
                name={['payment', 'loanAmount']}
                tooltip={hint('首期房价款 + 贷款金额 = 总价款')}
              >
                <YuanInput />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="贷款方式" name={['payment', 'loanType']}>
                <Select
                  options={[
                    { value: 'commercial', label: '商业贷款' },
                    { value: 'provident_fund', label: '公积金贷款' },
                    { value: 'combined', label: '组合贷款' },
                  ]}
                />
              </Form.Item>
            </Col>
          </>
        )}
      </Row>
      {paymentMethod === 'installment' && (
        <Form.List name={['payment', 'installments']}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Row gutter={16} key={f.key}>
                  <Col span={10}>
                    <Form.Item label={`第 ${i + 2} 期金额`} name={[f.name, 'amount']}>
                      <YuanInput />
                    </Form.Item>
                  </Col>
                  <Col span={10}>
                    <Form.Item label="付款日期" name={[f.name, 'dueDate']}>
                      <DateInput />
                    </Form.Item>
                  </Col>
                  <Col span={4}>
                    <Button
                      style={{ marginTop: 30 }}
                      onClick={() => {
                        remove(f.name);
                        onChanged();
                      }}
                    >
                      删除
                    </Button>
                  </Col>
                </Row>
              ))}
              <Button
                onClick={() => {
                  add({});
                  onChanged();
                }}
              >
                添加一期
              </Button>
            </>
          )}
        </Form.List>
      )}
    </>
  );
}
