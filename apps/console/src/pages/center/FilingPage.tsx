import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Image, Result, Space, Spin, Tabs, Tooltip, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { MATERIAL_CATEGORIES, type TFilingView, ZFilingView } from '@netsign/api';
import { ApiError, get, post } from '../../api/client';
import { StatusTag } from '../../components/StatusTag';
import { PdfViewer } from '../../components/PdfViewer';
import { dateTime, yuan } from '../../format';
import { TermsView } from '../seller/TermsView';
import { ReasonDialog } from '../seller/ContractDialogs';
import { ContractTimeline } from '../../components/ContractTimeline';
import { ReviewCard } from './ReviewCard';

const CATEGORY_LABEL = Object.fromEntries(MATERIAL_CATEGORIES.map((c) => [c.key, c.label]));

/** 备案申请: the contract, the 公证书 (or the signed paper pages) and the materials; 受理, then 审核 (通过 / 退回), then 备案 (manual 6–7). */
export function FilingPage() {
  const { id } = useParams();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [returnOpen, setReturnOpen] = useState(false);
  const [busy, setBusy] = useState('');
  const q = useQuery({ queryKey: ['filing', id], queryFn: () => get(`/api/filings/${id}`, ZFilingView) });
  const f = q.data;
  if (q.isLoading) return <Spin />;
  if (!f)
    return (
      <Result
        status="warning"
        title={(q.error as Error)?.message ?? '备案申请不存在'}
        extra={<Link to="/filings">返回受理队列</Link>}
      />
    );
  const file = (sha: string) => `/api/filings/${id}/files/${sha}`;
  const s = f.snapshot;
  const allowed = f.allowed;
  const refresh = () => qc.invalidateQueries({ queryKey: ['filing', id] });
  const act = (name: string, path: string, text: string, done: (r: TFilingView) => string) =>
    modal.confirm({
      title: name,
      content: text,
      okText: '确定',
      cancelText: '取消',
      onOk: async () => {
        setBusy(name);
        try {
          const r = await post(`/api/filings/${id}/${path}`, {}, ZFilingView);
          message.success(done(r));
          await refresh();
        } catch (e) {
          message.error(e instanceof ApiError ? e.message : `${name}失败`);
        } finally {
          setBusy('');
        }
      },
    });
  const signed = s.materials.filter((m) => m.category === 'signed_pages');
  const others = s.materials.filter((m) => m.category !== 'signed_pages');
  const buyers = s.terms.buyers.map((b) => b.name).join('、');

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {f.businessNo}
            </Typography.Title>
            <StatusTag status={f.status} />
            <Typography.Text type="secondary">{f.path === 'paper' ? '纸质合同面签' : '电子公证网签'}</Typography.Text>
          </Space>
          <Space>
            {allowed.includes('accept') && (
              <Button
                type="primary"
                loading={busy === '受理'}
                onClick={() =>
                  act('受理', 'accept', '受理该商品房合同备案申请并提交审核？', () => '已受理，请进行审核')
                }
              >
                受理
              </Button>
            )}
            {/* 备案 only once 审核 passed; before that the button says why it waits */}
            {allowed.includes('reviewPass') && (
              <Tooltip title="审核通过后方可备案">
                <Button type="primary" disabled>
                  备案
                </Button>
              </Tooltip>
            )}
            {allowed.includes('file') && (
              <Button
                type="primary"
                loading={busy === '备案'}
                onClick={() =>
                  act('备案', 'file', '审核已通过，对该合同进行备案？', (r) => `已备案，备案号 ${r.filingNumber}`)
                }
              >
                备案
              </Button>
            )}
            {allowed.includes('return') && (
              <Button danger onClick={() => setReturnOpen(true)}>
                退回
              </Button>
            )}
          </Space>
        </Space>
        <Descriptions size="small" column={3} style={{ marginTop: 12 }}>
          <Descriptions.Item label="出卖人">{s.parties.seller.name}</Descriptions.Item>
          <Descriptions.Item label="买受人">{buyers}</Descriptions.Item>
          <Descriptions.Item label="房屋">
            {s.parties.unit.projectName} {s.parties.unit.building} {s.parties.unit.number}
          </Descriptions.Item>
          <Descriptions.Item label="总价款">{yuan(s.terms.pricing.totalPrice)}</Descriptions.Item>
          <Descriptions.Item label="公证书编号">{s.certificate?.number ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="申请时间">{dateTime(f.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="受理时间">{dateTime(f.acceptedAt)}</Descriptions.Item>
          <Descriptions.Item label="决定时间">{dateTime(f.decidedAt)}</Descriptions.Item>
          <Descriptions.Item label="备案号">
            <b data-testid="filing-number">{f.filingNumber ?? '—'}</b>
          </Descriptions.Item>
        </Descriptions>
        {f.reason && <Alert type="error" showIcon title={`退回原因：${f.reason}`} />}
      </Card>
      <ReviewCard filing={f} onDone={refresh} />
      <Card>
        <Tabs
          key={f.status}
          items={[
            ...(f.recordFile
              ? [
                  {
                    key: 'record',
                    label: '备案证明',
                    children: (
                      <PdfViewer url={file(f.recordFile)} title="备案证明" fileName={`备案证明-${f.businessNo}.pdf`} />
                    ),
                  },
                ]
              : []),
            ...(s.certificate
              ? [
                  {
                    key: 'certificate',
                    label: '公证书',
                    children: (
                      <PdfViewer
                        url={file(s.certificate.sha256)}
                        title="公证书"
                        fileName={`公证书-${f.businessNo}.pdf`}
                      />
                    ),
                  },
                ]
              : []),
            ...(signed.length
              ? [
                  {
                    key: 'signed',
                    label: '签字盖章页',
                    children: (
                      <Space direction="vertical" style={{ width: '100%' }}>
                        {signed.map((m) =>
                          m.mime === 'application/pdf' ? (
                            <PdfViewer key={m.sha256} url={file(m.sha256)} title="签字盖章页" />
                          ) : (
                            <Image key={m.sha256} src={file(m.sha256)} width={480} />
                          ),
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
            ...(s.econtractSha256
              ? [
                  {
                    key: 'econtract',
                    label: '电子合同',
                    children: <PdfViewer url={file(s.econtractSha256)} title="电子合同" />,
                  },
                ]
              : []),
            { key: 'terms', label: '合同信息', children: <TermsView terms={s.terms} /> },
            { key: 'timeline', label: '办理记录', children: <ContractTimeline url={`/api/filings/${id}/timeline`} /> },
            {
              key: 'materials',
              label: '收件材料',
              children: (
                <Space wrap align="start">
                  {others.map((m) => (
                    <div key={m.sha256} style={{ width: 180 }}>
                      <Typography.Text>{CATEGORY_LABEL[m.category] ?? m.category}</Typography.Text>
                      {m.mime.startsWith('image/') ? (
                        <Image src={file(m.sha256)} className="evidence-img" />
                      ) : (
                        <a href={file(m.sha256)} target="_blank" rel="noreferrer">
                          查看 PDF
                        </a>
                      )}
                    </div>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ReasonDialog
        title="退回"
        label="退回原因"
        open={returnOpen}
        onClose={() => setReturnOpen(false)}
        onSubmit={async (reason) => {
          await post(`/api/filings/${id}/return`, { reason }, ZFilingView);
          message.success('已退回，出卖人将看到退回原因');
          await refresh();
        }}
      />
    </Space>
  );
}
