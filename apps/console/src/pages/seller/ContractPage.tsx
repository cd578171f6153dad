import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Result,
  Select,
  Space,
  Spin,
  Steps,
  Tabs,
  Tooltip,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { z, ZContractView, ZNotaryOffice, type TContractTermsDraft } from '@netsign/api';
import { contractProgress } from '@netsign/domain/states/contract-progress';
import { ApiError, get, post } from '../../api/client';
import { StatusTag } from '../../components/StatusTag';
import { PdfViewer } from '../../components/PdfViewer';
import { area, dateTime, yuan } from '../../format';
import { ContractForm } from './ContractForm';
import { PasswordDialog } from './PasswordDialog';
import { MaterialsPanel } from './MaterialsPanel';
import { CancelDialog, QrDialog } from './ContractDialogs';
import { TermsView } from './TermsView';
import { AreaDifferenceCard } from './AreaDifferenceCard';
import { QueryLockAlert } from './QueryLockAlert';
import { ContractTimeline } from '../../components/ContractTimeline';
import { ProvisionalDeadline } from '../../components/ProvisionalDeadline';

const ZNotaryOffices = z.array(ZNotaryOffice);

/** 合同页面: opened by clicking the 业务号. What can be done now is what the server allows. */
export function ContractPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [pwOpen, setPwOpen] = useState(false);
  const [qrOpen, setQrOpen] = useState(false);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [officeId, setOfficeId] = useState<string>();
  const [busy, setBusy] = useState('');
  const q = useQuery({
    queryKey: ['contract', id],
    queryFn: () => get(`/api/contracts/${id}`, ZContractView),
    // the notary office answers the push with the QR code a moment later
    refetchInterval: (x) => (x.state.data?.status === '公证中' && !x.state.data?.qrLink ? 1000 : false),
  });
  const c = q.data;
  const offices = useQuery({
    queryKey: ['notary-offices', c?.parties.unit.city],
    queryFn: () => get(`/api/notary-offices?city=${encodeURIComponent(c?.parties.unit.city ?? '')}`, ZNotaryOffices),
    enabled: Boolean(c && c.allowed.includes('pushToNotary')),
  });
  if (q.isLoading) return <Spin />;
  if (q.error || !c)
    return (
      <Result
        status="warning"
        title={(q.error as Error)?.message ?? '合同不存在'}
        extra={<Link to="/contracts">返回合同列表</Link>}
      />
    );

  const allowed = c.allowed;
  const progress = contractProgress(c.status, c.path);
  const tab =
    params.get('tab') ??
    // the materials come first while they are what the contract waits for (before it goes to the notary)
    (allowed.includes('pushToNotary') ? 'materials' : c.certificateFile ? 'certificate' : 'info');
  const refresh = () => qc.invalidateQueries({ queryKey: ['contract', id] });
  const act = async (name: string, fn: () => Promise<unknown>, done: string) => {
    setBusy(name);
    try {
      await fn();
      message.success(done);
      await refresh();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : `${name}失败`);
    } finally {
      setBusy('');
    }
  };
  const push = () => {
    const office = offices.data?.find((o) => o.id === officeId);
    if (!office) {
      message.warning('请先选择公证处');
      return;
    }
    modal.confirm({
      title: '生成电子合同并推送公证处',
      content: `将生成电子合同并推送至「${office.name}」，推送后合同内容和收件材料不能修改。`,
      okText: '确定',
      cancelText: '取消',
      onOk: () =>
        act(
          '推送',
          () => post(`/api/contracts/${id}/push`, { notaryOfficeId: office.id }, ZContractView),
          '电子合同已推送公证处，等待公证处返回二维码',
        ),
    });
  };
  const missing = c.missingForPush;
  const missingPaper = c.missingForPaper;
  const terms = c.terms as TContractTermsDraft;
  const buyers = (terms.buyers ?? [])
    .map((b) => b?.name)
    .filter(Boolean)
    .join('、');

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space align="center">
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="business-no">
              {c.businessNo}
            </Typography.Title>
            <StatusTag status={c.status} />
            <Typography.Text type="secondary">{c.unitLabel}</Typography.Text>
          </Space>
          <Space wrap>
            {allowed.includes('setPassword') && (
              <Button type="primary" onClick={() => setPwOpen(true)}>
                {t('btn.setPassword')}
              </Button>
            )}
            {c.qrLink && c.status === '公证中' && (
              <Button type="primary" onClick={() => setQrOpen(true)}>
                {t('btn.viewQr')}
              </Button>
            )}
            {c.status === '公证中' && !c.qrLink && (
              <Typography.Text type="secondary">已推送公证处，等待返回二维码…</Typography.Text>
            )}
            {allowed.includes('applyFiling') && c.certificateFile && (
              <Button
                type="primary"
                loading={busy === '提交'}
                onClick={() =>
                  modal.confirm({
                    title: '提交备案申请',
                    content: '确认公证书内容无误，向交易中心提出合同备案申请？',
                    okText: '确定',
                    cancelText: '取消',
                    onOk: () =>
                      act(
                        '提交',
                        () => post(`/api/contracts/${id}/apply-filing`, {}, ZContractView),
                        '已向交易中心提交备案申请',
                      ),
                  })
                }
              >
                {t('btn.applyFiling')}
              </Button>
            )}
            {allowed.includes('cancel') && c.passwordSet && (
              <Button danger onClick={() => setCancelOpen(true)}>
                {t('btn.revoke')}
              </Button>
            )}
          </Space>
        </Space>
        <Steps
          size="small"
          style={{ marginTop: 16 }}
          current={progress.current}
          status={progress.state}
          items={progress.titles.map((title) => ({ title }))}
        />
      </Card>

      {c.returnReason && ['公证已退回', '备案退回'].includes(c.status) && (
        <Alert
          type="error"
          showIcon
          title={c.status === '公证已退回' ? '公证处退回' : '交易中心退回备案申请'}
          description={
            <span data-testid="return-reason">原因：{c.returnReason}（已上传的材料均保留，更正后可重新提交）</span>
          }
        />
      )}
      {c.passwordSet && <QueryLockAlert contractId={c.id} />}
      {c.status === '已备案' && <Alert type="success" showIcon title={`合同已备案，备案号 ${c.filingNumber}`} />}
      {c.status === '已公证' && (
        <Alert
          type="info"
          showIcon
          title={`公证处已出具公证书 ${c.certificateNumber}：请核对后点击上方「提交」向交易中心申请备案`}
          description={c.filingDeadline ? `按示范文本第十九条，应于 ${c.filingDeadline.date} 前申请备案` : undefined}
        />
      )}

      {allowed.includes('edit') ? (
        <ContractForm contract={c} onSubmitted={() => setPwOpen(true)} />
      ) : (
        <Card>
          <Tabs
            activeKey={tab}
            onChange={(k) => {
              const n = new URLSearchParams(params);
              n.set('tab', k);
              setParams(n, { replace: true });
            }}
            items={[
              {
                key: 'info',
                label: t('contract.info'),
                children: (
                  <>
                    <Descriptions bordered size="small" column={3} style={{ marginBottom: 16 }}>
                      <Descriptions.Item label="出卖人">{c.parties.seller.name}</Descriptions.Item>
                      <Descriptions.Item label="买受人">{buyers || '—'}</Descriptions.Item>
                      <Descriptions.Item label="总价款">{yuan(c.totalPrice)}</Descriptions.Item>
                      <Descriptions.Item label="房屋">{c.unitLabel}</Descriptions.Item>
                      <Descriptions.Item label="建筑面积">{area(c.parties.unit.buildArea)}</Descriptions.Item>
                      <Descriptions.Item label="预售许可证">{c.parties.unit.presaleLicence}</Descriptions.Item>
                      <Descriptions.Item label="提交时间">{dateTime(c.submittedAt)}</Descriptions.Item>
                      <Descriptions.Item label="签约时间">{dateTime(c.signedAt)}</Descriptions.Item>
                      <Descriptions.Item label="备案申请期限">
                        {c.filingDeadline ? c.filingDeadline.date : '签约后 30 日内'}
                        {!!c.filingDeadline?.provisionalYears.length && (
                          <ProvisionalDeadline years={c.filingDeadline.provisionalYears} />
                        )}
                      </Descriptions.Item>
                      <Descriptions.Item label="公证书编号">{c.certificateNumber ?? '—'}</Descriptions.Item>
                      <Descriptions.Item label="备案号">{c.filingNumber ?? '—'}</Descriptions.Item>
                      <Descriptions.Item label="方式">
                        {c.path === 'paper' ? '纸质合同面签' : c.path === 'notarized' ? '电子公证网签' : '—'}
                      </Descriptions.Item>
                    </Descriptions>
                    <TermsView terms={terms} />
                  </>
                ),
              },
              {
                key: 'materials',
                label: t('contract.materials'),
                children: (
                  <Space direction="vertical" size="large" style={{ width: '100%' }}>
                    <MaterialsPanel contract={c} paper={allowed.includes('submitPaper')} />
                    {allowed.includes('pushToNotary') && (
                      <Card size="small" title="选择对应公证处，生成电子合同推送至公证处">
                        {missing.length > 0 && (
                          <Alert
                            type="warning"
                            showIcon
                            style={{ marginBottom: 12 }}
                            title="推送前须上传以下材料"
                            description={
                              <ul style={{ margin: 0 }}>
                                {missing.map((m) => (
                                  <li key={m.message}>{m.message}</li>
                                ))}
                              </ul>
                            }
                          />
                        )}
                        <Space>
                          <Select
                            aria-label="选择公证处"
                            placeholder="选择公证处"
                            style={{ width: 280 }}
                            value={officeId}
                            onChange={setOfficeId}
                            options={(offices.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
                          />
                          <Tooltip title={missing.length ? '收件材料不全' : ''}>
                            <Button
                              type="primary"
                              disabled={missing.length > 0}
                              loading={busy === '推送'}
                              onClick={push}
                            >
                              {t('btn.push')}
                            </Button>
                          </Tooltip>
                        </Space>
                        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                          只列出房屋所在城市（{c.parties.unit.city}）登记的公证处（公证法第二十五条）。
                        </Typography.Paragraph>
                      </Card>
                    )}
                    {allowed.includes('submitPaper') && (
                      <Card size="small" title="纸质合同面签（不经公证）">
                        <Typography.Paragraph>
                          ① 打印合同，买卖双方签字盖章；② 在左侧「签字盖章页（纸质合同）」上传签字盖章页；③
                          提交交易中心受理和审核。
                        </Typography.Paragraph>
                        <Space>
                          <Button href={`/api/contracts/${id}/print`} target="_blank">
                            {t('btn.printContract')}
                          </Button>
                          <Button
                            type="primary"
                            disabled={missingPaper.length > 0}
                            aria-describedby={missingPaper.length ? 'paper-missing' : undefined}
                            loading={busy === '提交交易中心'}
                            onClick={() =>
                              modal.confirm({
                                title: '提交交易中心',
                                content: '以纸质合同面签方式提交交易中心受理和审核？',
                                okText: '确定',
                                cancelText: '取消',
                                onOk: () =>
                                  act(
                                    '提交交易中心',
                                    () => post(`/api/contracts/${id}/paper-submit`, {}, ZContractView),
                                    '已提交交易中心',
                                  ),
                              })
                            }
                          >
                            {t('btn.paperSubmit')}
                          </Button>
                        </Space>
                        {/* at the button: exactly what this path still needs (issue 16 item 5) */}
                        {missingPaper.length > 0 && (
                          <Alert
                            id="paper-missing"
                            data-testid="paper-missing"
                            type="warning"
                            showIcon
                            style={{ marginTop: 12 }}
                            title={`提交交易中心前还需上传 ${missingPaper.length} 项材料（在左侧对应类别上传）`}
                            description={
                              <ul style={{ margin: 0 }}>
                                {missingPaper.map((m) => (
                                  <li key={m.message}>{m.message}</li>
                                ))}
                              </ul>
                            }
                          />
                        )}
                      </Card>
                    )}
                  </Space>
                ),
              },
              ...(c.econtractFile
                ? [
                    {
                      key: 'econtract',
                      label: t('contract.econtract'),
                      children: (
                        <PdfViewer
                          url={`/api/contracts/${id}/econtract`}
                          title="电子合同"
                          fileName={`电子合同-${c.businessNo}.pdf`}
                        />
                      ),
                    },
                  ]
                : []),
              ...(c.certificateFile
                ? [
                    {
                      key: 'certificate',
                      label: t('contract.certificate'),
                      children: (
                        <>
                          <Typography.Paragraph type="secondary">
                            公证书 {c.certificateNumber}
                            ：公证书首页封面、公证书内容，其后为电子合同、出卖人营业执照、出卖人法定代表人及买受人身份证明文件正反面照片。
                          </Typography.Paragraph>
                          <PdfViewer
                            url={`/api/contracts/${id}/certificate`}
                            title="公证书"
                            fileName={`公证书-${c.businessNo}.pdf`}
                          />
                        </>
                      ),
                    },
                  ]
                : []),
              ...(c.filingRecordFile
                ? [
                    {
                      key: 'filing',
                      label: t('contract.filingRecord'),
                      children: (
                        <PdfViewer
                          url={`/api/contracts/${id}/filing-record`}
                          title="备案证明"
                          fileName={`备案证明-${c.businessNo}.pdf`}
                        />
                      ),
                    },
                  ]
                : []),
              {
                key: 'timeline',
                label: '办理记录',
                children: <ContractTimeline url={`/api/contracts/${id}/timeline`} />,
              },
            ]}
          />
        </Card>
      )}
      {c.status !== '草稿' && c.status !== '已撤销' && <AreaDifferenceCard contractId={c.id} />}
      <PasswordDialog contractId={c.id} open={pwOpen} onClose={() => setPwOpen(false)} />
      <QrDialog contract={c} open={qrOpen} onClose={() => setQrOpen(false)} />
      <CancelDialog contract={c} open={cancelOpen} onClose={() => setCancelOpen(false)} />
    </Space>
  );
}
