import { Empty, Spin, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { type TContractTimeline, ZContractTimeline } from '@netsign/api';
import { get } from '../api/client';
import { dateTime } from '../format';

type Entry = TContractTimeline['items'][number];

const colour = (e: Entry) =>
  e.review === '退回' || e.action.endsWith('Returned') || e.action === 'contract.cancel'
    ? 'red'
    : e.action === 'contract.filed' || e.review === '通过'
      ? 'green'
      : 'blue';

/** What came with a step: the numbers it gave and the reason of a 退回, as the record holds them. */
function details(e: Entry) {
  return [
    e.certificateNumber && `公证书编号 ${e.certificateNumber}`,
    e.filingNumber && `备案号 ${e.filingNumber}`,
    e.reason && `原因：${e.reason}`,
  ]
    .filter(Boolean)
    .join('；');
}

/**
 * 办理记录: the contract's steps (创建 … 受理, 审核, 备案) as its audit chain recorded them, in
 * Beijing time. `url` is the seller's contract route or the center's filing route.
 */
export function ContractTimeline({ url }: { url: string }) {
  const q = useQuery({ queryKey: ['timeline', url], queryFn: () => get(url, ZContractTimeline) });
  if (q.isLoading) return <Spin />;
  if (q.error) return <Typography.Text type="danger">{(q.error as Error).message}</Typography.Text>;
  const items = q.data?.items ?? [];
  if (!items.length) return <Empty description="暂无办理记录" />;
  return (
    <div data-testid="contract-timeline">
      <Timeline
        items={items.map((e, i) => {
          const more = details(e);
          return {
            key: i,
            color: colour(e),
            title: <Typography.Text type="secondary">{dateTime(e.at)}</Typography.Text>,
            content: (
              <span data-entry={e.title}>
                <b>{e.title}</b>
                {more && <span> · {more}</span>}
              </span>
            ),
          };
        })}
      />
    </div>
  );
}
