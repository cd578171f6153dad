import { Alert, App, Button } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ZQueryLock } from '@netsign/api';
import { ApiError, get, post } from '../../api/client';
import { dateTime } from '../../format';

/**
 * 合同查询 locked after too many wrong passwords: the seller, having checked with the buyer,
 * lifts the lock (the server audits it). Shown only while the lock holds.
 */
export function QueryLockAlert({ contractId }: { contractId: string }) {
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['query-lock', contractId],
    queryFn: () => get(`/api/contracts/${contractId}/query-lock`, ZQueryLock),
  });
  if (!q.data?.locked) return null;
  const lift = () =>
    modal.confirm({
      title: '解除合同查询锁定',
      content: '请先与买受人核实：锁定是因为有人多次输错合同密码。解除后可重新查询，解除操作将记入审计日志。',
      okText: '解除锁定',
      cancelText: '取消',
      onOk: async () => {
        try {
          await post(`/api/contracts/${contractId}/query-lock/lift`, {}, ZQueryLock);
          message.success('已解除合同查询锁定');
          await qc.invalidateQueries({ queryKey: ['query-lock', contractId] });
        } catch (e) {
          message.error(e instanceof ApiError ? e.message : '解除失败');
        }
      },
    });
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="query-lock"
      title={`合同查询已锁定：合同密码连续输错 ${q.data.failures} 次${q.data.lockedUntil ? `，至 ${dateTime(q.data.lockedUntil)}` : ''}`}
      action={
        <Button size="small" onClick={lift}>
          解除锁定
        </Button>
      }
    />
  );
}
