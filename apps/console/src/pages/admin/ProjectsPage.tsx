import { useState } from 'react';
import { App, Button, Card, Input, Select, Table, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { z, ZCreated, type ZCreateProjectRequest, ZProjectView } from '@netsign/api';
import { get, post } from '../../api/client';
import { ZOrganisations } from './OrganisationsPage';
import { dateTime } from '../../format';
import { FormDialog } from './FormDialog';
import { pageNav } from '../../components/page-nav';

/** 管理: projects; each opens its presale licences, buildings and units. */
export function ProjectsPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const list = useQuery({ queryKey: ['projects'], queryFn: () => get('/api/projects', z.array(ZProjectView)) });
  const sellers = useQuery({
    queryKey: ['orgs', 'seller'],
    queryFn: () => get('/api/admin/organisations?kind=seller', ZOrganisations),
  });
  const sellerName = (id: string) => sellers.data?.find((o) => o.id === id)?.name ?? '—';
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          项目与房屋
        </Typography.Title>
      }
      extra={
        <Button type="primary" onClick={() => setOpen(true)}>
          新增项目
        </Button>
      }
    >
      <Table<z.infer<typeof ZProjectView>>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={pageNav({ pageSize: 20 })}
        columns={[
          { title: '项目', dataIndex: 'name', render: (v, r) => <Link to={`/admin/projects/${r.id}`}>{v}</Link> },
          { title: '开发企业', dataIndex: 'sellerOrgId', render: sellerName },
          { title: '城市', dataIndex: 'city' },
          { title: '区', dataIndex: 'district', render: (v) => v ?? '—' },
          { title: '地址', dataIndex: 'address' },
          { title: '创建时间', dataIndex: 'createdAt', render: dateTime },
        ]}
      />
      <FormDialog<typeof ZCreateProjectRequest>
        title="新增项目"
        open={open}
        onClose={() => setOpen(false)}
        onSubmit={async (v) => {
          await post('/api/admin/projects', v, ZCreated);
          message.success(`已新增项目 ${v.name}`);
          await qc.invalidateQueries({ queryKey: ['projects'] });
        }}
      >
        {(Item) => (
          <>
            <Item label="开发企业" name="sellerOrgId" rules={[{ required: true, message: '请选择开发企业' }]}>
              <Select options={(sellers.data ?? []).map((o) => ({ value: o.id, label: o.name }))} />
            </Item>
            <Item label="项目名称" name="name" rules={[{ required: true, message: '请填写项目名称' }]}>
              <Input />
            </Item>
            <Item label="城市" name="city" rules={[{ required: true, message: '请填写城市' }]}>
              <Input placeholder="如 中山市" />
            </Item>
            <Item label="区" name="district">
              <Input />
            </Item>
            <Item label="坐落" name="address" rules={[{ required: true, message: '请填写坐落' }]}>
              <Input />
            </Item>
          </>
        )}
      </FormDialog>
    </Card>
  );
}
