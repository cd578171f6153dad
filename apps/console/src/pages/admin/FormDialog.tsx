import { useState, type ReactNode } from 'react';
import { App, Form, Modal, type FormInstance } from 'antd';
import { ApiError, fieldMessage, fieldPath } from '../../api/client';
import { validated } from '../../api/validate';

type FormValues = Record<string, unknown>;

/** A create dialog: the server's violations land at their fields. */
export function FormDialog({
  title,
  open,
  onClose,
  onSubmit,
  children,
  initialValues,
  okText = '确定',
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  /** the form's values as typed; the server parses them with the request's schema and names a refused field */
  onSubmit: (values: FormValues, form: FormInstance) => Promise<void>;
  children: ReactNode;
  initialValues?: FormValues;
  okText?: string;
}) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
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
      width={600}
      onOk={async () => {
        const v = await validated(form);
        if (!v) return;
        setBusy(true);
        try {
          await onSubmit(v, form);
          onClose();
        } catch (e) {
          if (e instanceof ApiError && e.violations.length)
            form.setFields(e.violations.map((x) => ({ name: fieldPath(x.field), errors: [fieldMessage(x)] })));
          message.error(e instanceof ApiError ? e.message : '保存失败');
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={initialValues}>
        {children}
      </Form>
    </Modal>
  );
}
