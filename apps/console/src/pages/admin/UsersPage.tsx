import { useState } from 'react';
import { App, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type TUserView,
  type ZCreateUserRequest,
  type ZUpdateUserRequest,
  z,
  ZCreated,
  ZUserUpdated,
  ZUserView,
} from '@netsign/api';
import { ApiError, get, patch, post, qs } from '../../api/client';
import { useAuth } from '../../auth/auth';
import { FormDialog } from './FormDialog';
import { ORG_KINDS, ZOrganisations } from './OrganisationsPage';
import { pageNav } from '../../components/page-nav';

const ROLES: Record<string, string> = {
  seller_clerk: '网签（开发企业经办人）',
  notary: '公证员',
  center_clerk: '备案（交易中心）',
  admin: '系统管理',
};

/** 管理: users; a user's role follows the kind of their organisation. */
export function UsersPage() {
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const { me } = useAuth();
  const [resetFor, setResetFor] = useState<TUserView | null>(null);
  const [orgId, setOrgId] = useState<string>();
  const [open, setOpen] = useState(false);
  const orgs = useQuery({
    queryKey: ['orgs', undefined],
    queryFn: () => get('/api/admin/organisations', ZOrganisations),
  });
  const list = useQuery({
    queryKey: ['users', orgId],
    queryFn: () => get(`/api/admin/users${qs({ orgId })}`, z.array(ZUserView)),
  });
  const toggle = (u: TUserView) =>
    modal.confirm({
      title: u.disabled ? `启用用户 ${u.username}` : `停用用户 ${u.username}`,
      content: u.disabled ? '启用后该用户可以重新登录。' : '停用后该用户不能登录，其已登录的会话立即失效。',
      okText: '确定',
      cancelText: '取消',
      onOk: async () => {
        try {
          await patch(`/api/admin/users/${u.id}`, { disabled: !u.disabled }, ZUserUpdated);
          message.success(u.disabled ? `已启用 ${u.username}` : `已停用 ${u.username}`);
          await qc.invalidateQueries({ queryKey: ['users'] });
        } catch (e) {
          message.error(e instanceof ApiError ? e.message : '操作失败');
        }
      },
    });
  const orgName = (id: string) => orgs.data?.find((o) => o.id === id)?.name ?? id;
  const orgOptions = (orgs.data ?? []).map((o) => ({
    value: o.id,
    label: `${o.name}（${ORG_KINDS[o.kind] ?? o.kind}）`,
  }));
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          用户
        </Typography.Title>
      }
      extra={
        <Button type="primary" onClick={() => setOpen(true)}>
          新增用户
        </Button>
      }
    >
      <Select
        aria-label="机构"
        allowClear
        showSearch
        optionFilterProp="label"
        placeholder="机构：全部"
        style={{ width: 320, marginBottom: 12 }}
        value={orgId}
        onChange={setOrgId}
        options={orgOptions}
      />
      <Table<TUserView>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={pageNav({ pageSize: 20 })}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          { title: '角色', dataIndex: 'role', render: (v) => <Tag>{ROLES[v] ?? v}</Tag> },
          { title: '机构', dataIndex: 'orgId', render: orgName },
          {
            title: '状态',
            dataIndex: 'disabled',
            render: (v) => (v ? <Tag color="red">已停用</Tag> : <Tag color="green">正常</Tag>),
          },
          {
            title: '操作',
            key: 'op',
            render: (_, u) => (
              <Space size="small">
                {u.disabled ? (
                  <Button size="small" onClick={() => toggle(u)}>
                    启用
                  </Button>
                ) : (
                  <Button size="small" danger disabled={u.id === me?.userId} onClick={() => toggle(u)}>
                    停用
                  </Button>
                )}
                <Button size="small" onClick={() => setResetFor(u)}>
                  重置密码
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <FormDialog<typeof ZUpdateUserRequest, { password2: string }>
        title={`重置密码 · ${resetFor?.username ?? ''}`}
        open={Boolean(resetFor)}
        onClose={() => setResetFor(null)}
        onSubmit={async (v) => {
          if (!resetFor) return;
          await patch(`/api/admin/users/${resetFor.id}`, { password: v.password }, ZUserUpdated);
          message.success(`已重置 ${resetFor.username} 的密码，其已登录的会话均已退出`);
        }}
      >
        {(Item) => (
          <>
            <Typography.Paragraph type="secondary">
              重置后该用户已登录的会话全部失效，须用新密码重新登录。
            </Typography.Paragraph>
            <Item
              label="新密码"
              name="password"
              rules={[
                { required: true, message: '请填写新密码' },
                { min: 10, message: '密码至少 10 位' },
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Item>
            <Item
              label="再次输入新密码"
              name="password2"
              dependencies={['password']}
              rules={[
                { required: true, message: '请再次输入新密码' },
                ({ getFieldValue }) => ({
                  validator: (_, v) =>
                    !v || v === getFieldValue('password')
                      ? Promise.resolve()
                      : Promise.reject(new Error('两次输入的密码不一致')),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Item>
          </>
        )}
      </FormDialog>
      <FormDialog<typeof ZCreateUserRequest>
        title="新增用户"
        open={open}
        onClose={() => setOpen(false)}
        onSubmit={async (v) => {
          await post('/api/admin/users', v, ZCreated);
          message.success(`已新增用户 ${v.username}`);
          await qc.invalidateQueries({ queryKey: ['users'] });
        }}
      >
        {(Item) => (
          <>
            <Item label="机构" name="orgId" rules={[{ required: true, message: '请选择机构' }]}>
              <Select showSearch optionFilterProp="label" options={orgOptions} />
            </Item>
            <Item label="用户名" name="username" rules={[{ required: true, message: '请填写用户名' }]}>
              <Input autoComplete="off" />
            </Item>
            <Item label="姓名" name="displayName" rules={[{ required: true, message: '请填写姓名' }]}>
              <Input />
            </Item>
            <Item label="初始密码" name="password" rules={[{ required: true, min: 10, message: '密码至少 10 位' }]}>
              <Input.Password autoComplete="new-password" />
            </Item>
          </>
        )}
      </FormDialog>
    </Card>
  );
}
