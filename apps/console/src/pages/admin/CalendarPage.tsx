import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type TCalendarOverview, ZCalendarOverview, ZCalendarYearLoaded } from '@netsign/api';
import { ApiError, get, put, type Violation } from '../../api/client';
import { dateTime } from '../../format';

type CalendarYearRow = TCalendarOverview['years'][number];

const ORIGIN: Record<CalendarYearRow['origin'], [string, string]> = {
  shipped: ['随版本发布', 'blue'],
  loaded: ['管理员导入', 'green'],
  estimated: ['按法定节假日暂估', 'orange'],
};
const md = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/**
 * 管理 · 节假日安排: which years the working-day calendar knows and from where; an administrator
 * loads the State Council's notice for a year as a calendar file (docs/OPERATIONS.md), no release needed.
 */
export function CalendarPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [errors, setErrors] = useState<{ title: string; violations: Violation[] } | null>(null);
  const q = useQuery({
    queryKey: ['calendar'],
    queryFn: () => get('/api/admin/calendar', ZCalendarOverview),
  });

  const upload = async (file: File) => {
    setErrors(null);
    let body: unknown;
    try {
      body = JSON.parse(await file.text());
    } catch {
      setErrors({ title: `${file.name} 不是有效的 JSON 文件`, violations: [] });
      return;
    }
    try {
      // the server checks the file; its year only names the address
      const year = (body as { year?: unknown } | null)?.year ?? '';
      const r = await put(`/api/admin/calendar/${encodeURIComponent(String(year))}`, body, ZCalendarYearLoaded);
      message.success(
        `已导入 ${r.year} 年节假日安排${r.casesRecomputed ? `，${r.casesRecomputed} 个案件的出证期限已重新计算` : ''}`,
      );
      await qc.invalidateQueries({ queryKey: ['calendar'] });
    } catch (e) {
      setErrors({
        title: e instanceof ApiError ? e.message : '导入失败',
        violations: e instanceof ApiError ? e.violations : [],
      });
    }
  };

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          节假日安排
        </Typography.Title>
      }
      extra={
        <>
          <input
            ref={input}
            type="file"
            accept="application/json,.json"
            style={{ display: 'none' }}
            data-testid="calendar-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void upload(f);
            }}
          />
          <Button type="primary" onClick={() => input.current?.click()}>
            导入节假日安排
          </Button>
        </>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {(q.data?.provisionalNow.length ?? 0) > 0 && (
          <Alert
            type="warning"
            showIcon
            title={`${q.data!.provisionalNow.join('、')} 年节假日安排尚未导入，跨入该年的出证期限按法定节假日暂估`}
            description="国务院办公厅每年秋季发布下一年的安排：发布后按 docs/OPERATIONS.md 写成节假日安排文件并在此导入，进行中的案件会按新安排重新计算期限。"
          />
        )}
        {errors && (
          <Alert
            type="error"
            showIcon
            closable
            onClose={() => setErrors(null)}
            title={errors.title}
            data-testid="calendar-errors"
            description={
              errors.violations.length ? (
                <ul style={{ margin: 0 }}>
                  {errors.violations.map((v) => (
                    <li key={v.field + v.code}>
                      <Typography.Text code>{v.field || '文件'}</Typography.Text> {v.message}
                    </li>
                  ))}
                </ul>
              ) : undefined
            }
          />
        )}
        <Table
          rowKey="year"
          size="middle"
          loading={q.isFetching}
          dataSource={q.data?.years ?? []}
          pagination={false}
          columns={[
            { title: '年份', dataIndex: 'year', width: 80 },
            {
              title: '来源',
              dataIndex: 'origin',
              width: 150,
              render: (o: CalendarYearRow['origin']) => <Tag color={ORIGIN[o][1]}>{ORIGIN[o][0]}</Tag>,
            },
            {
              title: '依据',
              key: 'source',
              render: (_, y: CalendarYearRow) => (
                <>
                  {y.source.title}
                  <br />
                  <Typography.Text type="secondary">
                    {y.source.issuedAt}
                    {y.source.publisher ? ` · ${y.source.publisher}` : ''}
                  </Typography.Text>
                </>
              ),
            },
            {
              title: '放假',
              key: 'holidays',
              render: (_, y: CalendarYearRow) =>
                y.holidays.map((h) => `${h.name} ${md(h.from)}${h.to !== h.from ? `–${md(h.to)}` : ''}`).join('；'),
            },
            {
              title: '调休上班',
              key: 'workdays',
              width: 200,
              render: (_, y: CalendarYearRow) => y.workdays.map((w) => md(w.date)).join('、') || '—',
            },
            {
              title: '导入',
              key: 'loaded',
              width: 170,
              render: (_, y: CalendarYearRow) => (y.loadedAt ? dateTime(y.loadedAt) : '—'),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
