import { useState } from 'react';
import { Empty, Pagination, Space, Spin, Tabs, Tag, Tooltip } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ZProjectDetail, ZUnitPage, type TUnitView } from '@netsign/api';
import { get } from '../api/client';
import { area, yuan } from '../format';
import { UNIT_COLOURS } from './StatusTag';
import { pageNav } from './page-nav';

/** A unit of the 楼盘表 as the server lists it. */
export type Unit = TUnitView;
const PAGE = 500;

/**
 * 楼盘表: a building's floors × units, coloured by status (可售 / 已锁定 / 已签约 / 已备案). Loaded
 * per building from the server in pages of 500, so a project of thousands of units stays quick.
 */
export function UnitGrid({ projectId, onPick }: { projectId: string; onPick?: (u: Unit) => void }) {
  const project = useQuery({
    queryKey: ['project', projectId],
    queryFn: () => get(`/api/projects/${projectId}`, ZProjectDetail),
  });
  const [buildingId, setBuildingId] = useState<string>();
  const [page, setPage] = useState(1);
  const bId = buildingId ?? project.data?.buildings[0]?.id;
  const units = useQuery({
    queryKey: ['units', projectId, bId, page],
    queryFn: () => get(`/api/projects/${projectId}/units?buildingId=${bId}&page=${page}&pageSize=${PAGE}`, ZUnitPage),
    enabled: Boolean(bId),
    placeholderData: keepPreviousData,
  });
  if (project.isLoading) return <Spin />;
  if (!project.data?.buildings.length) return <Empty description="该项目尚无楼栋" />;
  const items = units.data?.items ?? [];
  const floors = [...new Set(items.map((u) => u.floor))].sort((a, b) => b - a);
  const numbersOnFloor = (f: number) =>
    items.filter((u) => u.floor === f).sort((a, b) => a.number.localeCompare(b.number, 'zh-CN', { numeric: true }));
  const width = Math.max(0, ...floors.map((f) => numbersOnFloor(f).length));
  return (
    <div>
      <Tabs
        activeKey={bId}
        onChange={(k) => {
          setBuildingId(k);
          setPage(1);
        }}
        items={project.data.buildings.map((b) => ({
          key: b.id,
          label: `${b.name}（可售 ${b.unitsByStatus?.可售 ?? 0}）`,
        }))}
      />
      <Space style={{ marginBottom: 8 }}>
        {Object.entries(UNIT_COLOURS).map(([s, c]) => (
          <Tag key={s} style={{ background: c.bg, borderColor: c.border }}>
            {s}
          </Tag>
        ))}
        {units.isFetching && <Spin size="small" />}
      </Space>
      <div style={{ overflow: 'auto', maxHeight: 560 }}>
        <table className="unit-grid" data-testid="unit-grid">
          <tbody>
            {floors.map((f) => (
              <tr key={f}>
                <th>{f} 层</th>
                {numbersOnFloor(f).map((u) => {
                  const c = UNIT_COLOURS[u.status] ?? UNIT_COLOURS.已备案;
                  const available = u.status === '可售' && Boolean(onPick);
                  return (
                    <td key={u.id}>
                      <Tooltip
                        title={`${u.number} · ${u.use} · 建筑面积 ${area(u.buildArea)} · 拟售单价 ${yuan(u.listUnitPrice)}/m² · ${u.status}`}
                      >
                        <button
                          type="button"
                          className={`unit-cell${available ? ' available' : ''}`}
                          style={{ background: c.bg, borderColor: c.border }}
                          aria-label={`${u.number} ${u.status}`}
                          data-unit={u.number}
                          data-status={u.status}
                          disabled={!available}
                          onClick={() => available && onPick?.(u)}
                        >
                          <b>{u.number}</b>
                          <br />
                          {(u.buildArea / 100).toFixed(0)}m² {u.status}
                        </button>
                      </Tooltip>
                    </td>
                  );
                })}
                {Array.from({ length: width - numbersOnFloor(f).length }, (_, i) => (
                  <td key={`e${i}`} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {(units.data?.total ?? 0) > PAGE && (
        <Pagination
          {...pageNav({})}
          style={{ marginTop: 8 }}
          current={page}
          pageSize={PAGE}
          total={units.data?.total}
          onChange={setPage}
          showSizeChanger={false}
        />
      )}
    </div>
  );
}
