import { useState } from 'react';
import { App, Button, Card, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../api/client';
import { FormDialog } from './FormDialog';
import { ORG_KINDS } from './OrganisationsPage';

const ROLES: Record<string, string> = { seller_clerk: '网签（开发企业经办人）', notary: '公证员', center_clerk: '备案（交易中心）', admin: '系统管理' };

/** 管理: users; a user's role follows the kind of their organisation. */
export function UsersPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [orgId, setOrgId] = useState<string>();
  const [open, setOpen] = useState(false);
  const orgs = useQuery({ queryKey: ['orgs', undefined], queryFn: () => get<any[]>('/api/admin/organisations') });
  const list = useQuery({ queryKey: ['users', orgId], queryFn: () => get<any[]>(`/api/admin/users${orgId ? `?orgId=${orgId}` : ''}`) });
  const orgName = (id: string) => orgs.data?.find((o) => o.id === id)?.name ?? id;
  const orgOptions = (orgs.data ?? []).map((o) => ({ value: o.id, label: `${o.name}（${ORG_KINDS[o.kind] ?? o.kind}）` }));
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>用户</Typography.Title>} extra={<Button type="primary" onClick={() => setOpen(true)}>新增用户</Button>}>
      <Select allowClear showSearch optionFilterProp="label" placeholder="机构：全部" style={{ width: 320, marginBottom: 12 }} value={orgId} onChange={setOrgId} options={orgOptions} />
      <Table rowKey="id" size="middle" loading={list.isFetching} dataSource={list.data ?? []} pagination={{ pageSize: 20 }} columns={[
        { title: '用户名', dataIndex: 'username' },
        { title: '姓名', dataIndex: 'displayName' },
        { title: '角色', dataIndex: 'role', render: (v) => <Tag>{ROLES[v] ?? v}</Tag> },
        { title: '机构', dataIndex: 'orgId', render: orgName },
        { title: '状态', dataIndex: 'disabled', render: (v) => (v ? <Tag color="red">停用</Tag> : <Tag color="green">正常</Tag>) },
      ]} />
      <FormDialog title="新增用户" open={open} onClose={() => setOpen(false)} onSubmit={async (v) => {
        await post('/api/admin/users', v);
        message.success(`已新增用户 ${v.username}`);
        await qc.invalidateQueries({ queryKey: ['users'] });
      }}>
        <Form.Item label="机构" name="orgId" rules={[{ required: true, message: '请选择机构' }]}><Select showSearch optionFilterProp="label" options={orgOptions} /></Form.Item>
        <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请填写用户名' }]}><Input autoComplete="off" /></Form.Item>
        <Form.Item label="姓名" name="displayName" rules={[{ required: true, message: '请填写姓名' }]}><Input /></Form.Item>
        <Form.Item label="初始密码" name="password" rules={[{ required: true, min: 10, message: '密码至少 10 位' }]}><Input.Password autoComplete="new-password" /></Form.Item>
      </FormDialog>
    </Card>
  );
}
