import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Form,
  Image,
  Input,
  Modal,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tabs,
  Timeline,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import {
  SUPPLEMENT_ITEMS,
  SUPPLEMENT_LABELS,
  MATERIAL_CATEGORIES,
  ZCaseDecision,
  ZCaseDetail,
  type TCaseDetail,
  type TCaseDocumentView,
  type ZSupplementRequest,
} from '@netsign/api';
import { ApiError, get, post } from '../../api/client';
import { type FieldName, type FormValues, validated } from '../../api/validate';
import { StatusTag } from '../../components/StatusTag';
import { ProvisionalDeadline } from '../../components/ProvisionalDeadline';
import { PdfViewer } from '../../components/PdfViewer';
import { dateTime, lastDay, yuan } from '../../format';
import { TermsView } from '../seller/TermsView';
import { ReasonDialog } from '../seller/ContractDialogs';
import { EvidenceCard } from './EvidenceCard';
import { SignaturesTab } from './SignaturesTab';
import { actionLabel } from './audit-labels';

const CATEGORY_LABEL: Record<string, string> = Object.fromEntries(MATERIAL_CATEGORIES.map((c) => [c.key, c.label]));

/** A row of the 文件 tab: a case document, or the 公证书 once issued. */
type FileRow = Pick<TCaseDocumentView, 'id' | 'title' | 'fileSha256' | 'applicationId'> & {
  kind: TCaseDocumentView['kind'] | 'certificate';
  version: string | null;
  pages: number | null;
};

/** 案件页面: the contract and the four documents, each buyer's evidence side by side, the timeline; 审核通过 / 驳回 / 需补正. */
export function CasePage() {
  const { id } = useParams();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [doc, setDoc] = useState<FileRow | null>(null);
  const [rejectOpen, setRejectOpen] = useState(false);
  const [suppOpen, setSuppOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const q = useQuery({ queryKey: ['case', id], queryFn: () => get(`/api/notary/cases/${id}`, ZCaseDetail) });
  const c = q.data;
  if (q.isLoading) return <Spin />;
  if (!c)
    return (
      <Result
        status="warning"
        title={(q.error as Error)?.message ?? '案件不存在'}
        extra={<Link to="/notary/cases">返回收件箱</Link>}
      />
    );
  const file = (sha: string) => `/api/notary/cases/${id}/files/${sha}`;
  const refresh = () => qc.invalidateQueries({ queryKey: ['case', id] });
  const snap = c.snapshot;
  // the buttons are the case machine's commands allowed now (its 提交审核 is the buyers', not a button)
  const allowed = c.allowed;
  const decides = (['approve', 'requestSupplement', 'reject'] as const).some((k) => allowed.includes(k));
  const approve = () =>
    modal.confirm({
      title: '审核通过',
      content: '确认各买受人身份核验与签署资料无误，出具公证书并推送回网签系统？',
      okText: '确定',
      cancelText: '取消',
      onOk: async () => {
        setBusy(true);
        try {
          const r = await post(`/api/notary/cases/${id}/approve`, {}, ZCaseDecision);
          message.success(`已出具公证书 ${r.certificateNumber ?? ''}`);
          await refresh();
        } catch (e) {
          message.error(e instanceof ApiError ? e.message : '审核失败');
        } finally {
          setBusy(false);
        }
      },
    });
  const buyerOf = (appId: string | null) =>
    appId ? c.applications.find((a) => a.id === appId)?.buyerName : '全体买受人';

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {c.businessNo}
            </Typography.Title>
            <StatusTag status={c.status} />
            <Typography.Text type="secondary">
              {c.unit} · {c.seller}
            </Typography.Text>
          </Space>
          {decides && (
            <Space>
              {allowed.includes('approve') && (
                <Button type="primary" loading={busy} onClick={approve}>
                  审核通过
                </Button>
              )}
              {allowed.includes('requestSupplement') && <Button onClick={() => setSuppOpen(true)}>需补正</Button>}
              {allowed.includes('reject') && (
                <Button danger onClick={() => setRejectOpen(true)}>
                  驳回
                </Button>
              )}
            </Space>
          )}
          {['已通过', '已驳回'].includes(c.status) &&
            (c.archive ? (
              // the signed ASiC-E archive the job made after the decision; the page refreshes when it is ready
              <Button
                href={`/api/notary/cases/${id}/archive`}
                download={`公证卷宗-${c.businessNo}.asice`}
                title={`${c.archive.files} 个文件，公证处签名并加盖时间戳`}
              >
                下载卷宗
              </Button>
            ) : (
              <Typography.Text type="secondary">公证卷宗生成中…</Typography.Text>
            ))}
        </Space>
        <Descriptions size="small" style={{ marginTop: 12 }} column={4}>
          <Descriptions.Item label="收件时间">{dateTime(c.receivedAt)}</Descriptions.Item>
          <Descriptions.Item label="出证期限">
            <span className={c.overdue ? 'deadline-over' : c.nearDeadline ? 'deadline-near' : ''}>
              {lastDay(c.deadline)}（已用 {c.workingDaysElapsed}/15 个工作日
              {c.overdue ? '，已超期' : c.nearDeadline ? '，临近期限' : ''}）
            </span>
            {c.deadlineProvisional && <ProvisionalDeadline years={c.deadlineProvisionalYears} />}
          </Descriptions.Item>
          <Descriptions.Item label="公证书编号">{c.certificateNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="决定时间">{dateTime(c.decidedAt)}</Descriptions.Item>
        </Descriptions>
        {c.reason && <Alert type="error" showIcon title={`驳回原因：${c.reason}`} />}
      </Card>

      <Card title="买受人核验与签署资料">
        <Row gutter={16}>
          {c.applications.length === 0 && (
            <Col span={24}>
              <Typography.Text type="secondary">买受人尚未扫码。</Typography.Text>
            </Col>
          )}
          {c.applications.map((a) => (
            <Col key={a.id} xs={24} xl={c.applications.length > 1 ? 12 : 24} style={{ marginBottom: 16 }}>
              <EvidenceCard app={a} documents={c.documents} file={file} />
            </Col>
          ))}
        </Row>
      </Card>

      <Card>
        <Tabs
          items={[
            {
              key: 'docs',
              label: '文件',
              children: (
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={[
                    ...c.documents.map((d): FileRow => d),
                    ...(c.certificateSha256
                      ? [
                          {
                            id: 'cert',
                            title: '公证书',
                            kind: 'certificate' as const,
                            fileSha256: c.certificateSha256,
                            applicationId: null,
                            version: c.certificateNumber,
                            pages: null,
                          },
                        ]
                      : []),
                  ]}
                  columns={[
                    { title: '文件', dataIndex: 'title' },
                    { title: '买受人', dataIndex: 'applicationId', render: buyerOf },
                    { title: '版本', dataIndex: 'version' },
                    { title: '页数', dataIndex: 'pages', render: (v) => v ?? '—' },
                    {
                      title: 'SHA-256',
                      dataIndex: 'fileSha256',
                      render: (s: string) => <Typography.Text code>{s.slice(0, 16)}…</Typography.Text>,
                    },
                    {
                      title: '操作',
                      key: 'op',
                      render: (_, d) => (
                        <Button size="small" onClick={() => setDoc(d)}>
                          查看
                        </Button>
                      ),
                    },
                  ]}
                />
              ),
            },
            { key: 'signatures', label: '签名', children: <SignaturesTab caseId={c.id} buyerOf={buyerOf} /> },
            {
              key: 'contract',
              label: '合同',
              children: (
                <>
                  <Descriptions size="small" bordered column={3} style={{ marginBottom: 12 }}>
                    <Descriptions.Item label="出卖人">{snap.parties.seller.name}</Descriptions.Item>
                    <Descriptions.Item label="统一社会信用代码">{snap.parties.seller.uscc}</Descriptions.Item>
                    <Descriptions.Item label="法定代表人">{snap.parties.seller.legalRepName}</Descriptions.Item>
                    <Descriptions.Item label="房屋">{c.unit}</Descriptions.Item>
                    <Descriptions.Item label="预售许可证">{snap.parties.unit.presaleLicence}</Descriptions.Item>
                    <Descriptions.Item label="总价款">{yuan(snap.terms?.pricing?.totalPrice)}</Descriptions.Item>
                  </Descriptions>
                  <TermsView terms={snap.terms} />
                </>
              ),
            },
            {
              key: 'materials',
              label: '收件材料',
              children: (
                <Space wrap align="start">
                  {snap.materials.map((m) => (
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
            {
              key: 'timeline',
              label: '办理记录',
              children: (
                <Timeline
                  items={c.timeline.map((e) => ({
                    children: (
                      <span>
                        {dateTime(e.at)} · {actionLabel(e.action)}
                        {e.data?.to ? `（${e.data.from ?? ''} → ${e.data.to}）` : ''}
                        {e.entity === 'application' ? ` · ${buyerOf(e.entityId) ?? ''}` : ''}
                      </span>
                    ),
                  }))}
                />
              ),
            },
          ]}
        />
      </Card>

      <Modal
        open={Boolean(doc)}
        title={doc?.title}
        width={860}
        footer={null}
        onCancel={() => setDoc(null)}
        destroyOnHidden
      >
        {doc && (
          <PdfViewer
            url={file(doc.fileSha256)}
            title={doc.title}
            fileName={`${doc.title}-${c.businessNo}.pdf`}
            maxHeight={640}
          />
        )}
      </Modal>
      <ReasonDialog
        title="驳回"
        label="驳回原因"
        open={rejectOpen}
        onClose={() => setRejectOpen(false)}
        onSubmit={async (reason) => {
          await post(`/api/notary/cases/${id}/reject`, { reason }, ZCaseDecision);
          message.success('已驳回，原因已告知出卖人与买受人');
          await refresh();
        }}
      />
      <SupplementDialog caseData={c} open={suppOpen} onClose={() => setSuppOpen(false)} onDone={refresh} />
    </Space>
  );
}

type SupplementValues = FormValues<typeof ZSupplementRequest>;
const SupplementItem = Form.Item<SupplementValues>;

/** 需补正: which buyer, what to redo, and why. */
function SupplementDialog({
  caseData,
  open,
  onClose,
  onDone,
}: {
  caseData: TCaseDetail;
  open: boolean;
  onClose: () => void;
  onDone: () => Promise<unknown>;
}) {
  const [form] = Form.useForm<SupplementValues>();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const apps = caseData.applications.filter((a) => a.status === '待审核');
  return (
    <Modal
      title="需补正"
      open={open}
      onCancel={onClose}
      okText="确定"
      cancelText="取消"
      confirmLoading={busy}
      destroyOnHidden
      onOk={async () => {
        const v = await validated(form);
        if (!v) return;
        setBusy(true);
        try {
          await post(`/api/notary/cases/${caseData.id}/supplement`, v, ZCaseDecision);
          message.success('已通知买受人补正');
          await onDone();
          onClose();
        } catch (e) {
          if (e instanceof ApiError && e.violations.length)
            // the server names the refused fields by the request schema the form is typed with
            form.setFields(
              e.violations.map((x) => ({ name: x.field as FieldName<SupplementValues>, errors: [x.message] })),
            );
          else message.error(e instanceof ApiError ? e.message : '操作失败');
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ applicationId: apps[0]?.id }}>
        <SupplementItem label="买受人" name="applicationId" rules={[{ required: true, message: '请选择买受人' }]}>
          <Select options={apps.map((a) => ({ value: a.id, label: a.buyerName }))} />
        </SupplementItem>
        <SupplementItem
          label="需补正的内容"
          name="items"
          rules={[{ required: true, message: '请至少选择一项需补正的内容' }]}
        >
          <Checkbox.Group options={SUPPLEMENT_ITEMS.map((k) => ({ value: k, label: SUPPLEMENT_LABELS[k] }))} />
        </SupplementItem>
        <SupplementItem
          label="补正说明"
          name="note"
          rules={[{ required: true, min: 2, message: '请说明需补正的原因' }]}
        >
          <Input.TextArea rows={3} />
        </SupplementItem>
      </Form>
    </Modal>
  );
}
