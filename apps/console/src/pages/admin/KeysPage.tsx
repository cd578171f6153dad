import { Alert, Card, Table, Tag, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { type TSigningKeyView, z, ZSigningKeyView } from '@netsign/api';
import { get } from '../../api/client';
import { date, dateTime } from '../../format';
import { ORG_KINDS } from './OrganisationsPage';
import { pageNav } from '../../components/page-nav';

type KeyInfo = TSigningKeyView;

/** Keys are made in the background on first use (the root by the first audit checkpoint, an office's
 * by its first signature): every page that shows them asks again when it opens. */
export const useKeys = () =>
  useQuery({
    queryKey: ['keys'],
    queryFn: () => get('/api/admin/keys', z.array(ZSigningKeyView)),
    refetchOnMount: 'always',
  });

/** The CN of a subject ("C=CN, O=…, CN=…"), else the whole subject. */
export const commonName = (subject: string) => /(?:^|,\s*)CN=([^,]+)/.exec(subject)?.[1] ?? subject;

/** 管理 · 密钥与证书: the signing keys in use (no private keys), made on first use or imported from a CA. */
export function KeysPage() {
  const keys = useKeys();
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          密钥与证书
        </Typography.Title>
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="密钥在首次使用时生成（尚未签署过文件的机构没有密钥）"
        description={
          <span data-testid="keys-import-note">
            正式运行时用 CA 签发的证书替换：在服务器上执行{' '}
            <Typography.Text code>
              npx netsign keys import --org &lt;机构 ID&gt; --p12 FILE --password …
            </Typography.Text>{' '}
            （PKCS#12 文件含私钥和证书链），替换该机构的签章密钥；<Typography.Text code>--name tsa</Typography.Text>{' '}
            替换时间戳服务的密钥。 并把该 CA 的根证书加入 <Typography.Text code>TRUSTED_ROOTS</Typography.Text>。详见
            docs/OPERATIONS.md。
          </span>
        }
      />
      <Table
        rowKey="name"
        size="middle"
        loading={keys.isFetching}
        dataSource={keys.data ?? []}
        pagination={pageNav({ pageSize: 20 })}
        tableLayout="fixed"
        scroll={{ x: 1540 }}
        columns={[
          {
            title: '用途',
            dataIndex: 'use',
            width: 110,
            render: (v) => <Tag color={v === '电子签章' ? 'blue' : 'gold'}>{v}</Tag>,
          },
          {
            title: '机构',
            dataIndex: 'organisation',
            width: 220,
            render: (o: KeyInfo['organisation']) =>
              o ? (
                <>
                  {o.name}
                  <br />
                  <Typography.Text type="secondary">{ORG_KINDS[o.kind] ?? o.kind}</Typography.Text>
                </>
              ) : (
                '—'
              ),
          },
          {
            title: '主题',
            dataIndex: 'subject',
            width: 240,
            ellipsis: { showTitle: false },
            render: (v) => <Tooltip title={v}>{commonName(v)}</Tooltip>,
          },
          {
            title: '签发者',
            dataIndex: 'issuer',
            width: 200,
            ellipsis: { showTitle: false },
            render: (v) => <Tooltip title={v}>{commonName(v)}</Tooltip>,
          },
          {
            title: '序列号',
            dataIndex: 'serialNumber',
            width: 130,
            ellipsis: { showTitle: false },
            render: (v) => (
              <Tooltip title={v}>
                <code>{v}</code>
              </Tooltip>
            ),
          },
          {
            title: '有效期',
            key: 'valid',
            width: 200,
            render: (_, k: KeyInfo) => `${date(k.validFrom)} 至 ${date(k.validTo)}`,
          },
          {
            title: 'SHA-256 指纹',
            dataIndex: 'fingerprint256',
            width: 170,
            render: (v: string) => (
              <Typography.Text copyable={{ text: v }}>
                <Tooltip title={v}>
                  <code>{v.slice(0, 14)}…</code>
                </Tooltip>
              </Typography.Text>
            ),
          },
          {
            title: '来源',
            dataIndex: 'imported',
            width: 100,
            render: (v) => (v ? <Tag color="green">CA 导入</Tag> : <Tag>自动生成</Tag>),
          },
          { title: '生成时间', dataIndex: 'createdAt', width: 150, render: dateTime },
        ]}
      />
    </Card>
  );
}
