import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, InputNumber, Space, Tag, Typography } from 'antd';
import { type TAreaDifferenceSettlement, ZAreaDifferenceSettlement } from '@netsign/api';
import { ApiError, post } from '../../api/client';
import { area } from '../../format';

/** fen → "1,234.56 元" */
const yuan2 = (fen: number) =>
  `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;

/** 面积差异处理（第十三条）: the measured area → the ±3 % settlement, computed on the server. */
export function AreaDifferenceCard({ contractId }: { contractId: string }) {
  const [measured, setMeasured] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TAreaDifferenceSettlement | null>(null);
  const [error, setError] = useState('');
  const compute = async () => {
    if (measured === null || !(measured > 0)) {
      setError('请填写实测面积');
      setResult(null);
      return;
    }
    setBusy(true);
    setError('');
    try {
      setResult(
        await post(
          `/api/contracts/${contractId}/area-difference`,
          { measuredArea: Math.round(measured * 100) },
          ZAreaDifferenceSettlement,
        ),
      );
    } catch (e) {
      setResult(null);
      setError(e instanceof ApiError ? e.message : '计算失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="面积差异处理（第十三条）" data-testid="area-difference">
      <Form layout="inline" onFinish={compute}>
        <Form.Item label="实测面积">
          <InputNumber
            aria-label="实测面积"
            min={0.01}
            max={100000}
            precision={2}
            step={0.01}
            addonAfter="m²"
            style={{ width: 200 }}
            value={measured}
            onChange={(v) => setMeasured(v)}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          计算
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        按示范文本第十三条：面积误差比绝对值在 3%（含 3%）以内据实结算；超出 3%
        的，买受人有权解除合同，不解除的按该条结算。
      </Typography.Paragraph>
      {error && (
        <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} data-testid="area-difference-error" />
      )}
      {result && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }} data-testid="area-difference-result">
          <Descriptions bordered size="small" column={3}>
            <Descriptions.Item label={result.basis === 'INTERIOR' ? '合同约定套内面积' : '合同约定建筑面积'}>
              {area(result.contractedArea)}
            </Descriptions.Item>
            <Descriptions.Item label="实测面积">{area(result.measuredArea)}</Descriptions.Item>
            <Descriptions.Item label="面积差">{area(result.differenceArea)}</Descriptions.Item>
            <Descriptions.Item label="面积误差比">
              <span data-testid="area-ratio">{result.ratioPercent}</span>
            </Descriptions.Item>
            <Descriptions.Item label="在 ±3% 以内">
              {result.withinTolerance ? <Tag color="green">是</Tag> : <Tag color="red">否，超出 ±3%</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="买受人可解除合同">
              {result.buyerMayTerminate ? <Tag color="red">可以</Tag> : <Tag>不可以</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="合同价款">{yuan2(result.contractedPriceFen)}</Descriptions.Item>
            <Descriptions.Item label="按实测面积计">{yuan2(result.measuredPriceFen)}</Descriptions.Item>
            <Descriptions.Item label="结算房价款">
              <strong data-testid="area-settled">{yuan2(result.settledPriceFen)}</strong>
            </Descriptions.Item>
            <Descriptions.Item label="买受人补交">{yuan2(result.buyerPaysFen)}</Descriptions.Item>
            <Descriptions.Item label="出卖人承担">{yuan2(result.sellerBearsFen)}</Descriptions.Item>
            <Descriptions.Item label="出卖人返还">{yuan2(result.refundFen)}</Descriptions.Item>
          </Descriptions>
          <Alert
            type={result.withinTolerance ? 'info' : 'warning'}
            showIcon
            title={<span data-testid="area-explanation">{result.explanation}</span>}
          />
        </Space>
      )}
    </Card>
  );
}
