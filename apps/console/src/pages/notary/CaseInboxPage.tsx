import { Card, Space, Table, Tabs, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ZCaseInboxPage, type TCaseInboxRow } from '@netsign/api';
import { get, qs } from '../../api/client';
import { StatusTag } from '../../components/StatusTag';
import { ProvisionalDeadline } from '../../components/ProvisionalDeadline';
import { dateTime, lastDay } from '../../format';
import { pageNav } from '../../components/page-nav';

const TABS = ['待审核', '待签署', '待补正', '已通过', '已驳回', '全部'];

/** 公证: the office's inbox: status, buyers' progress, time since receipt, the 15-working-day deadline. */
export function CaseInboxPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '全部';
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 20);
  const list = useQuery({
    queryKey: ['cases', status, page, pageSize],
    queryFn: () =>
      get(`/api/notary/cases${qs({ status: status === '全部' ? undefined : status, page, pageSize })}`, ZCaseInboxPage),
    placeholderData: keepPreviousData,
  });
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          案件收件箱
        </Typography.Title>
      }
    >
      <Tabs
        activeKey={status}
        onChange={(k) => setParams({ status: k })}
        items={TABS.map((k) => ({ key: k, label: k }))}
      />
      <Table
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        rowClassName={(r) => (r.overdue ? 'row-overdue' : '')}
        pagination={pageNav({
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showTotal: (n) => `共 ${n} 件`,
          onChange: (p, s) => setParams({ status, page: String(p), pageSize: String(s) }),
        })}
        columns={[
          { title: '业务号', dataIndex: 'businessNo', render: (v, r) => <Link to={`/notary/cases/${r.id}`}>{v}</Link> },
          { title: '状态', dataIndex: 'status', render: (v) => <StatusTag status={v} /> },
          { title: '房屋', dataIndex: 'unit' },
          { title: '出卖人', dataIndex: 'seller' },
          {
            title: '买受人进度',
            dataIndex: 'buyers',
            render: (bs: TCaseInboxRow['buyers']) => (
              <Space direction="vertical" size={2}>
                {bs.length === 0 ? (
                  <Typography.Text type="secondary">尚无买受人扫码</Typography.Text>
                ) : (
                  bs.map((b, i) => (
                    <span key={i}>
                      {b.name} <StatusTag status={b.status} />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {b.route === 'face' ? '人脸识别' : '证件+视频'}
                      </Typography.Text>
                    </span>
                  ))
                )}
              </Space>
            ),
          },
          { title: '收件时间', dataIndex: 'receivedAt', render: dateTime },
          {
            title: '办理期限（15 个工作日）',
            key: 'deadline',
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <span
                  className={r.overdue ? 'deadline-over' : r.nearDeadline ? 'deadline-near' : ''}
                  data-testid="deadline"
                >
                  已用 {r.workingDaysElapsed} 个工作日 · 截止 {lastDay(r.deadline)}
                </span>
                {r.overdue ? <Tag color="red">已超期</Tag> : r.nearDeadline ? <Tag color="orange">临近期限</Tag> : null}
                {r.deadlineProvisional && <ProvisionalDeadline years={r.deadlineProvisionalYears} compact />}
              </Space>
            ),
          },
          { title: '公证书编号', dataIndex: 'certificateNumber', render: (v) => v ?? '—' },
        ]}
      />
    </Card>
  );
}
