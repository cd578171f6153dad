import { useState } from 'react';
import { App, Form, Input, Modal, Progress, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { ZContractView, type ZSetPasswordRequest } from '@netsign/api';
import { ApiError, fieldMessage, post } from '../../api/client';
import { type FormValues, validated } from '../../api/validate';

type PasswordValues = FormValues<typeof ZSetPasswordRequest>;
const Item = Form.Item<PasswordValues>;

/** A rough strength: length and kinds of characters. The server requires ≥ 8 with letters and digits. */
export function passwordStrength(p: string) {
  let s = 0;
  if (p.length >= 8) s += 25;
  if (p.length >= 12) s += 15;
  if (/[a-z]/.test(p)) s += 15;
  if (/[A-Z]/.test(p)) s += 15;
  if (/\d/.test(p)) s += 15;
  if (/[^A-Za-z0-9]/.test(p)) s += 15;
  return Math.min(100, s);
}

/** 设置合同密码: entered twice, with its strength shown; 确认 moves the contract on. */
export function PasswordDialog({
  contractId,
  open,
  onClose,
}: {
  contractId: string;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<PasswordValues>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const pw: string = Form.useWatch('password', form) ?? '';
  const strength = passwordStrength(pw);
  const onOk = async () => {
    const v = await validated(form);
    if (!v) return;
    setBusy(true);
    try {
      await post(`/api/contracts/${contractId}/password`, v, ZContractView);
      message.success('合同密码已设置，请上传收件材料');
      await qc.invalidateQueries({ queryKey: ['contract', contractId] });
      form.resetFields();
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.violations.length)
        form.setFields(
          e.violations.map((x) => ({
            name: x.field === 'confirm' ? ('confirm' as const) : ('password' as const),
            errors: [fieldMessage(x)],
          })),
        );
      else message.error(e instanceof ApiError ? e.message : '设置失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title="设置合同密码"
      open={open}
      onOk={onOk}
      onCancel={onClose}
      okText="确认"
      cancelText="取消"
      confirmLoading={busy}
      destroyOnHidden
      maskClosable={false}
    >
      <Typography.Paragraph type="secondary">
        合同密码用于撤销合同和合同查询，请告知买受人并妥善保管。密码至少 8
        位，须含字母和数字；系统只保存其摘要，无法找回。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Item
          label="合同密码"
          name="password"
          rules={[
            { required: true, message: '请输入合同密码' },
            { min: 8, message: '合同密码至少 8 位' },
            { pattern: /[A-Za-z]/, message: '合同密码须含字母' },
            { pattern: /\d/, message: '合同密码须含数字' },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Item>
        <Progress
          percent={strength}
          steps={5}
          showInfo={false}
          strokeColor={strength < 50 ? '#ff4d4f' : strength < 80 ? '#faad14' : '#52c41a'}
        />
        <Typography.Text type="secondary" data-testid="password-strength">
          强度：{pw ? (strength < 50 ? '弱' : strength < 80 ? '中' : '强') : '—'}
        </Typography.Text>
        <Item
          style={{ marginTop: 16 }}
          label="再次输入合同密码"
          name="confirm"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再次输入合同密码' },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || v === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的合同密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Item>
      </Form>
    </Modal>
  );
}
