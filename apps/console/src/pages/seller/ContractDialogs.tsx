import { useState } from 'react';
import { App, Button, Form, Input, Modal, Spin, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type TContractView, type ZCancelRequest, ZContractQr, ZContractView, type ZRejectRequest } from '@netsign/api';
import { ApiError, get, post } from '../../api/client';
import { type FieldName, type FormValues, validated } from '../../api/validate';
import { printArea } from '../../components/PdfViewer';
import { dateTime } from '../../format';

/** 查看二维码: big enough to scan from the screen, and printable. */
export function QrDialog({ contract, open, onClose }: { contract: TContractView; open: boolean; onClose: () => void }) {
  const qr = useQuery({
    queryKey: ['qr', contract.id],
    queryFn: () => get(`/api/contracts/${contract.id}/qr`, ZContractQr),
    enabled: open,
  });
  let box: HTMLDivElement | null = null;
  return (
    <Modal
      title="查看二维码"
      open={open}
      onCancel={onClose}
      width={560}
      footer={[
        <Button key="print" onClick={() => printArea(box)} disabled={!qr.data}>
          打印
        </Button>,
        <Button key="close" type="primary" onClick={onClose}>
          关闭
        </Button>,
      ]}
    >
      {qr.isLoading && <Spin />}
      {qr.error && <Typography.Text type="danger">{(qr.error as Error).message}</Typography.Text>}
      {qr.data && (
        <div
          ref={(el) => {
            box = el;
          }}
          style={{ textAlign: 'center' }}
        >
          <Typography.Title level={5}>
            {contract.businessNo} · {contract.unitLabel}
          </Typography.Title>
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the server's own QR SVG (paths only, made by the qrcode library from a URL it encodes) */}
          <div className="qr-box" data-testid="qr" dangerouslySetInnerHTML={{ __html: qr.data.svg }} />
          <Typography.Paragraph>
            请买受人使用手机打开「一手房签约公证」，点击「立即扫码」扫描上方二维码，进入在线签约。
          </Typography.Paragraph>
          <Typography.Paragraph
            type="secondary"
            copyable={{ text: qr.data.link }}
            style={{ wordBreak: 'break-all', fontSize: 12 }}
            data-testid="qr-link"
          >
            {qr.data.link}
          </Typography.Paragraph>
          <Typography.Text type="secondary">有效期至 {dateTime(qr.data.expiresAt)}</Typography.Text>
        </div>
      )}
    </Modal>
  );
}

type CancelValues = FormValues<typeof ZCancelRequest>;
const CancelItem = Form.Item<CancelValues>;

/** 撤销: asks for the contract password and a reason. */
export function CancelDialog({
  contract,
  open,
  onClose,
}: {
  contract: TContractView;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<CancelValues>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const onOk = async () => {
    const v = await validated(form);
    if (!v) return;
    setBusy(true);
    try {
      await post(`/api/contracts/${contract.id}/cancel`, v, ZContractView);
      message.success('合同已撤销');
      await qc.invalidateQueries({ queryKey: ['contract', contract.id] });
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.violations.length)
        // the server names the refused fields by the request schema the form is typed with
        form.setFields(e.violations.map((x) => ({ name: x.field as FieldName<CancelValues>, errors: [x.message] })));
      else form.setFields([{ name: 'password', errors: [e instanceof ApiError ? e.message : '撤销失败'] }]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={`撤销合同 ${contract.businessNo}`}
      open={open}
      onOk={onOk}
      onCancel={onClose}
      okText="确定"
      cancelText="取消"
      okButtonProps={{ danger: true }}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Typography.Paragraph type="warning">撤销后房屋恢复可售，合同不能恢复。</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <CancelItem label="合同密码" name="password" rules={[{ required: true, message: '请输入合同密码' }]}>
          <Input.Password autoComplete="off" />
        </CancelItem>
        <CancelItem label="撤销原因" name="reason" rules={[{ required: true, min: 2, message: '请填写撤销原因' }]}>
          <Input.TextArea rows={3} />
        </CancelItem>
      </Form>
    </Modal>
  );
}

/** 驳回 (ZRejectRequest) and 退回 (ZFilingReturnRequest) both send `{ reason }`. */
type ReasonValues = FormValues<typeof ZRejectRequest>;
const ReasonItem = Form.Item<ReasonValues>;

/** A reason dialog (驳回, 退回): the reason is what the sender will see. */
export function ReasonDialog({
  title,
  open,
  onClose,
  onSubmit,
  okText = '确定',
  label = '原因',
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  onSubmit: (reason: string) => Promise<void>;
  okText?: string;
  label?: string;
}) {
  const [form] = Form.useForm<ReasonValues>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      okText={okText}
      cancelText="取消"
      confirmLoading={busy}
      destroyOnHidden
      onOk={async () => {
        const v = await validated(form);
        if (!v) return;
        setBusy(true);
        try {
          await onSubmit(v.reason);
          onClose();
        } catch (e) {
          form.setFields([{ name: 'reason', errors: [e instanceof ApiError ? e.message : '操作失败'] }]);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <ReasonItem label={label} name="reason" rules={[{ required: true, min: 2, message: `请填写${label}` }]}>
          <Input.TextArea rows={4} />
        </ReasonItem>
      </Form>
    </Modal>
  );
}
