import { useState } from 'react';
import { Card, Input, Table, Tabs, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ZFilingPage } from '@netsign/api';
import { get, qs } from '../../api/client';
import { StatusTag } from '../../components/StatusTag';
import { dateTime } from '../../format';
import { pageNav } from '../../components/page-nav';

const TABS = ['待受理', '已受理', '已审核', '已备案', '已退回', '全部'];

/** 备案: the 受理 queue of filing applications, paged on the server. */
export function FilingQueuePage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '待受理';
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 20);
  const [text, setText] = useState(q);
  const list = useQuery({
    queryKey: ['filings', status, q, page, pageSize],
    queryFn: () =>
      get(
        `/api/filings${qs({ status: status === '全部' ? undefined : status, q: q || undefined, page, pageSize })}`,
        ZFilingPage,
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          受理队列
        </Typography.Title>
      }
      extra={
        <Input.Search
          aria-label="业务号"
          placeholder="业务号"
          allowClear
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => setParams({ status, q: v.trim() })}
          style={{ width: 240 }}
          enterButton="查询"
        />
      }
    >
      <Tabs
        activeKey={status}
        onChange={(k) => setParams({ status: k, q })}
        items={TABS.map((k) => ({ key: k, label: k }))}
      />
      <Table
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={pageNav({
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showTotal: (n) => `共 ${n} 件`,
          onChange: (p, s) => setParams({ status, q, page: String(p), pageSize: String(s) }),
        })}
        columns={[
          { title: '业务号', dataIndex: 'businessNo', render: (v, r) => <Link to={`/filings/${r.id}`}>{v}</Link> },
          { title: '状态', dataIndex: 'status', render: (v) => <StatusTag status={v} /> },
          { title: '方式', dataIndex: 'path', render: (v) => (v === 'paper' ? '纸质合同面签' : '电子公证网签') },
          { title: '房屋', dataIndex: 'unit' },
          { title: '出卖人', dataIndex: 'seller' },
          { title: '申请时间', dataIndex: 'createdAt', render: dateTime },
          { title: '备案号', dataIndex: 'filingNumber', render: (v) => v ?? '—' },
        ]}
      />
    </Card>
  );
}
