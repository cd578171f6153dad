import { useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, Radio, Tag, Typography } from 'antd';
import { type TFilingView, type ZFilingReviewRequest, ZFilingView } from '@netsign/api';
import { ApiError, post } from '../../api/client';
import { type FormValues, validated } from '../../api/validate';
import { dateTime } from '../../format';

type ReviewValues = FormValues<typeof ZFilingReviewRequest>;
const Item = Form.Item<ReviewValues>;

/**
 * 审核 (manual 7), after 受理: the result is 审核通过 (then 备案) or 退回 with the reason the seller
 * reads. Once given, the card shows the result, who reviewed and when.
 */
export function ReviewCard({ filing: f, onDone }: { filing: TFilingView; onDone: () => Promise<unknown> }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ReviewValues>();
  const result = Form.useWatch('result', form);
  const [busy, setBusy] = useState(false);

  if (f.reviewResult) {
    return (
      <Card title="审核" size="small" data-testid="review-result">
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="审核结果">
            {f.reviewResult === '通过' ? <Tag color="success">审核通过</Tag> : <Tag color="error">退回</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label="审核人">{f.reviewedByName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="审核时间">{dateTime(f.reviewedAt)}</Descriptions.Item>
          {f.reviewResult === '退回' && (
            <Descriptions.Item label="退回原因" span={3}>
              {f.reason}
            </Descriptions.Item>
          )}
        </Descriptions>
        {f.reviewResult === '通过' && f.status === '已审核' && (
          <Typography.Text type="secondary">审核通过，可以对该合同进行备案。</Typography.Text>
        )}
      </Card>
    );
  }
  if (!f.allowed.includes('reviewPass')) return null;

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    setBusy(true);
    try {
      await post(`/api/filings/${f.id}/review`, v, ZFilingView);
      message.success(v.result === '通过' ? '审核通过，可以备案' : '已退回，出卖人将看到退回原因');
      await onDone();
    } catch (e) {
      // a refused field is shown at the field; anything else (another clerk moved it first: 409) above
      const v =
        e instanceof ApiError ? e.violations.find((x) => x.field === 'reason' || x.field === 'result') : undefined;
      if (v) form.setFields([{ name: v.field as 'reason' | 'result', errors: [v.message] }]);
      else message.error(e instanceof ApiError ? e.message : '审核失败');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="审核" size="small">
      <Typography.Paragraph type="secondary">
        已受理，请审核商品房买卖合同：审核通过后进行备案；不通过则退回出卖人，并写明原因。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" style={{ maxWidth: 560 }}>
        <Item label="审核结果" name="result" rules={[{ required: true, message: '请选择审核结果' }]}>
          <Radio.Group
            options={[
              { value: '通过', label: '审核通过' },
              { value: '退回', label: '退回' },
            ]}
          />
        </Item>
        {result === '退回' && (
          <Item
            label="退回原因"
            name="reason"
            rules={[
              { required: true, whitespace: true, message: '请填写退回原因' },
              { min: 2, max: 200, message: '退回原因为 2–200 个字' },
            ]}
          >
            <Input.TextArea rows={3} maxLength={200} showCount />
          </Item>
        )}
        <Button type="primary" loading={busy} onClick={submit}>
          提交审核结果
        </Button>
      </Form>
    </Card>
  );
}
