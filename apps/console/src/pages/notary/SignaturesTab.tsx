import { Alert, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { ZCaseSignatures } from '@netsign/api';
import { get } from '../../api/client';
import { dateTime } from '../../format';

/** 签名: each document of the case with every signature it carries, as `netsign verify` reads the file. */
export function SignaturesTab({
  caseId,
  buyerOf,
}: {
  caseId: string;
  buyerOf: (applicationId: string | null) => string | undefined;
}) {
  const q = useQuery({
    queryKey: ['case-signatures', caseId],
    queryFn: () => get(`/api/notary/cases/${caseId}/signatures`, ZCaseSignatures),
  });
  if (q.error) return <Alert type="error" showIcon title={(q.error as Error).message} />;
  const rows = (q.data ?? []).flatMap((d) =>
    (d.signatures.length ? d.signatures : [null]).map((s, i) => ({
      key: `${d.id}-${i}`,
      doc: d,
      first: i === 0,
      span: Math.max(1, d.signatures.length),
      s,
    })),
  );
  return (
    <Table
      size="small"
      loading={q.isLoading}
      pagination={false}
      dataSource={rows}
      data-testid="case-signatures"
      columns={[
        {
          title: '文件',
          key: 'doc',
          onCell: (r) => ({ rowSpan: r.first ? r.span : 0 }),
          render: (_, r) => (
            <>
              {r.doc.title}
              {r.doc.applicationId && (
                <Typography.Text type="secondary">（{buyerOf(r.doc.applicationId)}）</Typography.Text>
              )}
            </>
          ),
        },
        {
          title: '签名人',
          key: 'signer',
          render: (_, r) =>
            r.s ? `#${r.s.index} ${r.s.signer ?? '—'}` : <Typography.Text type="secondary">未签署</Typography.Text>,
        },
        {
          title: '角色',
          key: 'role',
          render: (_, r) =>
            r.s && (
              <>
                {r.s.roleLabel}
                {r.s.buyerIndex !== null && `（第 ${r.s.buyerIndex + 1} 位）`}
              </>
            ),
        },
        {
          title: '类型',
          key: 'type',
          render: (_, r) => r.s && (r.s.type === 'certification' ? `认证签名（DocMDP ${r.s.docMdp}）` : '批准签名'),
        },
        {
          title: '签署时间',
          key: 'time',
          render: (_, r) =>
            r.s && (
              <>
                {dateTime(r.s.time)}
                <Typography.Text type="secondary">
                  {r.s.timeSource === 'timestamp' ? '（时间戳）' : '（签署方自称）'}
                </Typography.Text>
              </>
            ),
        },
        {
          title: '签名',
          key: 'valid',
          render: (_, r) =>
            r.s && (
              <Tag color={r.s.valid ? 'success' : 'error'} title={r.s.problems.join('；')}>
                {r.s.valid ? '有效' : '无效'}
              </Tag>
            ),
        },
        {
          title: '文件结论',
          key: 'verdict',
          onCell: (r) => ({ rowSpan: r.first ? r.span : 0 }),
          render: (_, r) => (
            <Typography.Text
              type={r.doc.valid ? 'success' : 'warning'}
              title={r.doc.problems.map((p) => p.message).join('；')}
            >
              {r.doc.verdict}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}
