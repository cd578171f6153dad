import { useState, type ReactNode } from 'react';
import { App, Form, Modal, type FormInstance } from 'antd';
import type { z } from '@netsign/api';
import { ApiError, fieldMessage, fieldPath } from '../../api/client';
import { type FieldName, type FormValues, validated } from '../../api/validate';

/**
 * A create dialog for one request: `S` is its schema (`<FormDialog<typeof ZCreateProjectRequest>>`),
 * `Extra` the fields only the form has (a password typed twice). The fields are laid out with the
 * `Item` the children get — `Form.Item` typed by those values, so a name the request does not have
 * is a type error. The server's violations land at their fields.
 */
export function FormDialog<S extends z.ZodType, Extra extends object = Record<never, never>>({
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
  onSubmit: (values: FormValues<S> & Extra, form: FormInstance<FormValues<S> & Extra>) => Promise<void>;
  children: (Item: typeof Form.Item<FormValues<S> & Extra>) => ReactNode;
  initialValues?: Partial<FormValues<S> & Extra>;
  okText?: string;
}) {
  type V = FormValues<S> & Extra;
  const [form] = Form.useForm<V>();
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
            // the server names the refused fields by the same request schema the form is typed with
            form.setFields(
              e.violations.map((x) => ({ name: fieldPath(x.field) as FieldName<V>, errors: [fieldMessage(x)] })),
            );
          message.error(e instanceof ApiError ? e.message : '保存失败');
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={initialValues}>
        {children(Form.Item<V>)}
      </Form>
    </Modal>
  );
}
