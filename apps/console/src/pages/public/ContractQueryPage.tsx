import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type TPublicContractStatus, ZPublicContractStatus } from '@netsign/api';
import { ApiError, post } from '../../api/client';
import { StatusTag } from '../../components/StatusTag';
import { dateTime } from '../../format';

/** 合同查询: anyone holding the 业务号 and the 合同密码 sees the contract's status. No sign-in. */
export function ContractQueryPage() {
  const { t } = useTranslation();
  const [result, setResult] = useState<TPublicContractStatus | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const onFinish = async (v: { businessNo: string; password: string }) => {
    setBusy(true);
    setError('');
    setResult(null);
    try {
      setResult(await post('/api/public/contract-query', v, ZPublicContractStatus));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '查询失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ minHeight: '100%', background: '#f5f5f5', padding: '48px 16px' }}>
      <Card style={{ maxWidth: 560, margin: '0 auto' }}>
        <Typography.Title level={3}>{t('nav.query')}</Typography.Title>
        <Typography.Paragraph type="secondary">
          凭业务号与合同密码查询商品房买卖合同的办理状态。核验公证书真伪请使用 <a href="/verify">{t('nav.verify')}</a>。
        </Typography.Paragraph>
        <Form layout="vertical" onFinish={onFinish}>
          <Form.Item
            label={t('contract.businessNo')}
            name="businessNo"
            rules={[{ required: true, message: '请输入业务号' }]}
          >
            <Input placeholder="如 WQ202605205830178" />
          </Form.Item>
          <Form.Item label="合同密码" name="password" rules={[{ required: true, message: '请输入合同密码' }]}>
            <Input.Password />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('btn.query')}
          </Button>
        </Form>
        {error && <Alert style={{ marginTop: 16 }} type="error" showIcon title={error} />}
        {result && (
          <Descriptions style={{ marginTop: 24 }} bordered column={1} size="small" title="查询结果">
            <Descriptions.Item label={t('contract.businessNo')}>{result.businessNo}</Descriptions.Item>
            <Descriptions.Item label={t('contract.status')}>
              <StatusTag status={result.status} />
            </Descriptions.Item>
            <Descriptions.Item label="出卖人">{result.seller}</Descriptions.Item>
            <Descriptions.Item label={t('contract.unit')}>{result.unit}</Descriptions.Item>
            <Descriptions.Item label="公证书编号">{result.certificateNumber ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="备案号">{result.filingNumber ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="更新时间">{dateTime(result.updatedAt)}</Descriptions.Item>
          </Descriptions>
        )}
        <Typography.Paragraph style={{ marginTop: 24 }}>
          <a href="/console/login">工作人员登录</a>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
