import { useState } from 'react';
import { App, Button, Card, Input, Select, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type TOrganisationView, type ZCreateOrganisationRequest, z, ZCreated, ZOrganisationView } from '@netsign/api';
import { get, post, qs } from '../../api/client';
import { FormDialog } from './FormDialog';
import { commonName, useKeys } from './KeysPage';
import { date } from '../../format';
import { hint } from '../../hint';
import { pageNav } from '../../components/page-nav';

export const ZOrganisations = z.array(ZOrganisationView);

export const ORG_KINDS: Record<string, string> = {
  seller: '房地产开发企业',
  notary: '公证处',
  center: '交易中心',
  platform: '平台管理',
};

/** 管理: organisations (开发企业, 公证处 with their certificate prefix, 交易中心). */
export function OrganisationsPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [kind, setKind] = useState<string>();
  const [open, setOpen] = useState(false);
  const keys = useKeys();
  const keyOf = (orgId: string) => keys.data?.find((k) => k.organisation?.id === orgId);
  const list = useQuery({
    queryKey: ['orgs', kind],
    queryFn: () => get(`/api/admin/organisations${qs({ kind })}`, ZOrganisations),
  });
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          机构
        </Typography.Title>
      }
      extra={
        <Button type="primary" onClick={() => setOpen(true)}>
          新增机构
        </Button>
      }
    >
      <Select
        aria-label="机构类型"
        allowClear
        placeholder="机构类型：全部"
        style={{ width: 200, marginBottom: 12 }}
        value={kind}
        onChange={setKind}
        options={Object.entries(ORG_KINDS).map(([value, label]) => ({ value, label }))}
      />
      <Table<TOrganisationView>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={pageNav({ pageSize: 20 })}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '类型', dataIndex: 'kind', render: (v) => <Tag>{ORG_KINDS[v] ?? v}</Tag> },
          { title: '城市', dataIndex: 'city', render: (v) => v ?? '—' },
          { title: '统一社会信用代码', dataIndex: 'uscc', render: (v) => v ?? '—' },
          { title: '法定代表人', dataIndex: 'legalRepName', render: (v) => v ?? '—' },
          { title: '公证书字号', dataIndex: 'certificatePrefix', render: (v) => v ?? '—' },
          {
            title: '签章证书',
            key: 'key',
            render: (_, o) => {
              const k = keyOf(o.id);
              if (!k) return <Typography.Text type="secondary">{keys.isLoading ? '…' : '尚未生成'}</Typography.Text>;
              return (
                <Typography.Text style={{ maxWidth: 260 }} ellipsis={{ tooltip: k.subject }}>
                  {commonName(k.subject)}（有效期至 {date(k.validTo)}）
                </Typography.Text>
              );
            },
          },
          { title: '地址', dataIndex: 'address', render: (v) => v ?? '—' },
        ]}
      />
      <FormDialog<typeof ZCreateOrganisationRequest>
        title="新增机构"
        open={open}
        onClose={() => setOpen(false)}
        initialValues={{ kind: 'seller' }}
        onSubmit={async (v) => {
          await post('/api/admin/organisations', v, ZCreated);
          message.success(`已新增机构 ${v.name}`);
          await qc.invalidateQueries({ queryKey: ['orgs'] });
        }}
      >
        {(Item) => (
          <>
            <Item label="类型" name="kind" rules={[{ required: true }]}>
              <Select
                options={Object.entries(ORG_KINDS)
                  .filter(([k]) => k !== 'platform')
                  .map(([value, label]) => ({ value, label }))}
              />
            </Item>
            <Item label="名称" name="name" rules={[{ required: true, message: '请填写名称' }]}>
              <Input />
            </Item>
            <Item label="城市" name="city">
              <Input placeholder="如 中山市" />
            </Item>
            <Item label="地址" name="address">
              <Input />
            </Item>
            <Item label="电话" name="phone">
              <Input />
            </Item>
            <Item noStyle shouldUpdate={(a, b) => a.kind !== b.kind}>
              {({ getFieldValue }) =>
                getFieldValue('kind') === 'seller' ? (
                  <>
                    <Item label="统一社会信用代码" name="uscc" tooltip={hint('GB 32100-2015：18 位，含校验码')}>
                      <Input />
                    </Item>
                    <Item label="法定代表人" name="legalRepName">
                      <Input />
                    </Item>
                    <Item label="法定代表人身份证号码" name="legalRepIdNumber">
                      <Input />
                    </Item>
                  </>
                ) : getFieldValue('kind') === 'notary' ? (
                  <Item
                    label="公证书字号"
                    name="certificatePrefix"
                    tooltip={hint('公证书编号形如 (2026)粤中山证字第1234号')}
                  >
                    <Input placeholder="如 粤中山证字" />
                  </Item>
                ) : null
              }
            </Item>
          </>
        )}
      </FormDialog>
    </Card>
  );
}
