import { useState } from 'react';
import { Button, Card, DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { z, ZContractPage, ZContractStatus, ZProjectView, type TContractListItem } from '@netsign/api';
import { get, qs } from '../../api/client';
import { StatusTag } from '../../components/StatusTag';
import { dateTime, yuan } from '../../format';
import { pageNav } from '../../components/page-nav';

const STATUSES = ZContractStatus.options;
const ZProjects = z.array(ZProjectView);

/** 网签: every contract of the company, searched and filtered on the server, paged. */
export function ContractListPage() {
  const { t } = useTranslation();
  const nav = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = {
    status: params.get('status') ?? undefined,
    projectId: params.get('projectId') ?? undefined,
    q: params.get('q') ?? undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    page: Number(params.get('page') ?? 1),
    pageSize: Number(params.get('pageSize') ?? 20),
  };
  const [q, setQ] = useState(filters.q ?? '');
  const set = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch))
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  const projects = useQuery({ queryKey: ['projects'], queryFn: () => get('/api/projects', ZProjects) });
  const list = useQuery({
    queryKey: ['contracts', filters],
    queryFn: () => get(`/api/contracts${qs(filters)}`, ZContractPage),
    placeholderData: keepPreviousData,
  });

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('nav.contracts')}
        </Typography.Title>
      }
      extra={
        <Button type="primary" onClick={() => nav('/contracts/new')}>
          {t('btn.newContract')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          aria-label={t('contract.keyword')}
          placeholder={t('contract.keyword')}
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => set({ q: v.trim() })}
          style={{ width: 240 }}
          enterButton={t('btn.search')}
        />
        <Select
          aria-label={t('contract.status')}
          placeholder={`${t('contract.status')}：全部`}
          allowClear
          style={{ width: 160 }}
          value={filters.status}
          onChange={(v) => set({ status: v })}
          options={STATUSES.map((s) => ({ value: s, label: s }))}
        />
        <Select
          aria-label={t('contract.project')}
          placeholder={`${t('contract.project')}：全部`}
          allowClear
          style={{ width: 180 }}
          value={filters.projectId}
          onChange={(v) => set({ projectId: v })}
          options={(projects.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        />
        <DatePicker.RangePicker
          aria-label={t('contract.dateRange')}
          value={filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null}
          onChange={(v) => set({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
        />
      </Space>
      <Table<TContractListItem>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={pageNav({
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (n) => `共 ${n} 份合同`,
          onChange: (page, pageSize) => set({ page, pageSize }),
        })}
        columns={[
          {
            title: t('contract.businessNo'),
            dataIndex: 'businessNo',
            render: (v, r) => <Link to={`/contracts/${r.id}`}>{v}</Link>,
          },
          { title: t('contract.status'), dataIndex: 'status', render: (v) => <StatusTag status={v} /> },
          { title: t('contract.unit'), dataIndex: 'unit' },
          { title: t('contract.buyers'), dataIndex: 'buyers', render: (v: string[]) => v.join('、') || '—' },
          { title: t('contract.totalPrice'), dataIndex: 'totalPrice', align: 'right', render: yuan },
          {
            title: '方式',
            dataIndex: 'path',
            render: (v) => (v === 'paper' ? '纸质面签' : v === 'notarized' ? '电子公证' : '—'),
          },
          { title: t('contract.createdAt'), dataIndex: 'createdAt', render: dateTime },
        ]}
      />
    </Card>
  );
}
