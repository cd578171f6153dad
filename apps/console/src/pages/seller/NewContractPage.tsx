import { useState } from 'react';
import { App, Card, Empty, Select, Space, Spin, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { z, ZContractView, ZProjectView } from '@netsign/api';
import { ApiError, get, post } from '../../api/client';
import { UnitGrid, type Unit } from '../../components/UnitGrid';
import { area, yuan } from '../../format';
import { defaultTerms } from './contract-defaults';

/** 签订商品房买卖合同, step 1: pick an available unit (房屋) on the building grid. */
export function NewContractPage() {
  const { message, modal } = App.useApp();
  const nav = useNavigate();
  const qc = useQueryClient();
  const projects = useQuery({ queryKey: ['projects'], queryFn: () => get('/api/projects', z.array(ZProjectView)) });
  const [projectId, setProjectId] = useState<string>();
  const pid = projectId ?? projects.data?.[0]?.id;
  if (projects.isLoading) return <Spin />;
  if (!pid) return <Empty description="没有可签约的项目" />;

  const pick = (u: Unit) =>
    modal.confirm({
      title: `签订 ${u.number} 的商品房买卖合同`,
      content: `建筑面积 ${area(u.buildArea)}，拟售单价 ${yuan(u.listUnitPrice)}/m²。将新建合同草稿，填写完成后点击「提交」。`,
      okText: '确定',
      cancelText: '取消',
      onOk: async () => {
        try {
          const c = await post('/api/contracts', { unitId: u.id, terms: defaultTerms(u) }, ZContractView);
          nav(`/contracts/${c.id}`);
        } catch (e) {
          message.error(e instanceof ApiError ? e.message : '新建合同失败');
          await qc.invalidateQueries({ queryKey: ['units'] });
          await qc.invalidateQueries({ queryKey: ['project'] });
        }
      },
    });

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          签订商品房买卖合同 · 选择房屋
        </Typography.Title>
      }
    >
      <Space style={{ marginBottom: 12 }}>
        <span>项目：</span>
        <Select
          aria-label="项目"
          style={{ width: 240 }}
          value={pid}
          onChange={setProjectId}
          options={(projects.data ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.city}）` }))}
        />
        <Typography.Text type="secondary">
          点击绿色「可售」房屋开始签约；他人刚锁定的房屋会即时显示为已锁定。
        </Typography.Text>
      </Space>
      <UnitGrid projectId={pid} onPick={pick} />
    </Card>
  );
}
