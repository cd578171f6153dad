import { Tag } from 'antd';

const COLOURS: Record<string, string> = {
  草稿: 'default',
  待设置密码: 'gold',
  待上传材料: 'gold',
  公证中: 'processing',
  公证已退回: 'error',
  已公证: 'cyan',
  备案申请中: 'processing',
  已受理: 'blue',
  已审核: 'geekblue',
  已备案: 'success',
  备案退回: 'error',
  已撤销: 'default',
  待签署: 'gold',
  待审核: 'processing',
  待补正: 'warning',
  已通过: 'success',
  已驳回: 'error',
  待核验: 'default',
  已核验: 'blue',
  已阅读: 'cyan',
  待受理: 'gold',
  已退回: 'error',
  可售: 'green',
  已锁定: 'orange',
  已签约: 'blue',
};

export function StatusTag({ status }: { status: string | null | undefined }) {
  if (!status) return null;
  return (
    <Tag color={COLOURS[status] ?? 'default'} data-status={status}>
      {status}
    </Tag>
  );
}

export const UNIT_COLOURS: Record<string, { bg: string; border: string }> = {
  可售: { bg: '#f6ffed', border: '#52c41a' },
  已锁定: { bg: '#fff7e6', border: '#fa8c16' },
  已签约: { bg: '#e6f4ff', border: '#1677ff' },
  已备案: { bg: '#f0f0f0', border: '#8c8c8c' },
};
