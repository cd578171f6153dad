import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Input,
  InputNumber,
  Modal,
  Result,
  Select,
  Space,
  Spin,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import {
  type TProjectDetail,
  UNIT_CSV_COLUMNS,
  type ZCreateBuildingRequest,
  ZCreated,
  type ZCreatePresaleLicenceRequest,
  ZProjectDetail,
  ZUnitsImported,
} from '@netsign/api';
import { ApiError, api, get, post, type Violation } from '../../api/client';
import { DateInput } from '../../components/inputs';
import { UnitGrid } from '../../components/UnitGrid';
import { FormDialog } from './FormDialog';
import { pageNav } from '../../components/page-nav';

type Building = TProjectDetail['buildings'][number];

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 管理 · 项目: presale licences, buildings, units (CSV import with a row-by-row error report), the building grid. */
export function ProjectPage() {
  const { id } = useParams();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [licOpen, setLicOpen] = useState(false);
  const [bOpen, setBOpen] = useState(false);
  const [importFor, setImportFor] = useState<Building | null>(null);
  const q = useQuery({ queryKey: ['project', id], queryFn: () => get(`/api/projects/${id}`, ZProjectDetail) });
  const p = q.data;
  if (q.isLoading) return <Spin />;
  if (!p) return <Result status="warning" title="项目不存在" extra={<Link to="/admin/projects">返回</Link>} />;
  const refresh = () =>
    Promise.all([qc.invalidateQueries({ queryKey: ['project', id] }), qc.invalidateQueries({ queryKey: ['units'] })]);
  const licence = (lid: string | null) => p.presaleLicences.find((l) => l.id === lid)?.number ?? '—';
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {p.name}
          </Typography.Title>
        }
        extra={
          <Typography.Text type="secondary">
            {p.city} {p.district} · {p.address}
          </Typography.Text>
        }
      >
        <Typography.Title level={5}>预售许可证</Typography.Title>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={p.presaleLicences}
          columns={[
            { title: '许可证号', dataIndex: 'number' },
            { title: '有效期起', dataIndex: 'validFrom' },
            { title: '有效期止', dataIndex: 'validTo' },
          ]}
        />
        <Button style={{ marginTop: 8 }} onClick={() => setLicOpen(true)}>
          新增预售许可证
        </Button>
        <Typography.Title level={5} style={{ marginTop: 24 }}>
          楼栋
        </Typography.Title>
        <Table<Building>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={p.buildings}
          columns={[
            { title: '楼栋', dataIndex: 'name' },
            { title: '层数', dataIndex: 'floors' },
            { title: '预售许可证', dataIndex: 'presaleLicenceId', render: licence },
            {
              title: '房屋',
              dataIndex: 'unitsByStatus',
              render: (s: Building['unitsByStatus']) =>
                Object.entries(s ?? {})
                  .map(([k, v]) => `${k} ${v}`)
                  .join(' · ') || '尚未导入',
            },
            {
              title: '操作',
              key: 'op',
              render: (_, b) => (
                <Button size="small" onClick={() => setImportFor(b)}>
                  导入房屋
                </Button>
              ),
            },
          ]}
        />
        <Button style={{ marginTop: 8 }} onClick={() => setBOpen(true)} disabled={!p.presaleLicences.length}>
          新增楼栋
        </Button>
      </Card>
      <Card title="楼盘表">
        <UnitGrid projectId={p.id} />
      </Card>

      <FormDialog<typeof ZCreatePresaleLicenceRequest>
        title="新增预售许可证"
        open={licOpen}
        onClose={() => setLicOpen(false)}
        onSubmit={async (v) => {
          await post(`/api/admin/projects/${id}/presale-licences`, v, ZCreated);
          message.success('已新增预售许可证');
          await refresh();
        }}
      >
        {(Item) => (
          <>
            <Item label="许可证号" name="number" rules={[{ required: true, message: '请填写许可证号' }]}>
              <Input placeholder="如 中山房预许字(2026)第019号" />
            </Item>
            <Item label="有效期起" name="validFrom" rules={[{ required: true, message: '请选择日期' }]}>
              <DateInput />
            </Item>
            <Item label="有效期止" name="validTo" rules={[{ required: true, message: '请选择日期' }]}>
              <DateInput />
            </Item>
          </>
        )}
      </FormDialog>
      <FormDialog<typeof ZCreateBuildingRequest>
        title="新增楼栋"
        open={bOpen}
        onClose={() => setBOpen(false)}
        initialValues={{ presaleLicenceId: p.presaleLicences[0]?.id, floors: 18 }}
        onSubmit={async (v) => {
          await post(`/api/admin/projects/${id}/buildings`, v, ZCreated);
          message.success(`已新增楼栋 ${v.name}`);
          await refresh();
        }}
      >
        {(Item) => (
          <>
            <Item label="楼栋名称" name="name" rules={[{ required: true, message: '请填写楼栋名称' }]}>
              <Input placeholder="如 3栋" />
            </Item>
            <Item label="层数" name="floors" rules={[{ required: true }]}>
              <InputNumber min={1} max={200} />
            </Item>
            <Item label="预售许可证" name="presaleLicenceId" rules={[{ required: true }]}>
              <Select options={p.presaleLicences.map((l) => ({ value: l.id, label: l.number }))} />
            </Item>
          </>
        )}
      </FormDialog>
      <ImportDialog building={importFor} onClose={() => setImportFor(null)} onDone={refresh} />
    </Space>
  );
}

/** 导入房屋 (CSV): all rows or none; every bad cell is listed by row and column. */
function ImportDialog({
  building,
  onClose,
  onDone,
}: {
  building: Building | null;
  onClose: () => void;
  onDone: () => Promise<unknown>;
}) {
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Violation[]>([]);
  const [summary, setSummary] = useState('');
  const [busy, setBusy] = useState(false);
  const close = () => {
    setText('');
    setFile(null);
    setErrors([]);
    setSummary('');
    onClose();
  };
  const submit = async () => {
    if (!building) return;
    setBusy(true);
    setErrors([]);
    setSummary('');
    try {
      // the file's own bytes: the server tells UTF-8 from GBK and reads .xlsx
      const type = file && /\.xlsx$/i.test(file.name) ? XLSX_TYPE : 'text/csv';
      const r = await api(
        'POST',
        `/api/admin/buildings/${building.id}/units/import`,
        file ?? text,
        { 'content-type': type },
        ZUnitsImported,
      );
      message.success(`已导入 ${r.imported} 套房屋`);
      await onDone();
      close();
    } catch (e) {
      if (e instanceof ApiError) {
        setSummary(e.message);
        setErrors(e.violations);
      } else throw e;
    } finally {
      setBusy(false);
    }
  };
  const rows = errors.map((v, i) => {
    const [, row, col] = v.field.split('.');
    return { key: i, row: Number(row), col: col ?? '—', message: v.message };
  });
  return (
    <Modal
      title={`导入房屋 · ${building?.name ?? ''}`}
      open={Boolean(building)}
      onCancel={close}
      onOk={submit}
      okText="导入"
      cancelText="取消"
      confirmLoading={busy}
      width={760}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        CSV 文件（UTF-8 或 GBK 编码）或 Excel 工作簿（.xlsx，读取第一个工作表），第 1 行为表头：
        <Typography.Text code>{UNIT_CSV_COLUMNS.join(',')}</Typography.Text>
        ；面积单位平方米，拟售单价单位元/平方米。有任何错误时不导入任何房屋。
      </Typography.Paragraph>
      <Space>
        <Upload
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          showUploadList={false}
          beforeUpload={(f) => {
            setFile(f as File);
            return false;
          }}
        >
          <Button>选择 CSV 或 Excel 文件</Button>
        </Upload>
        {file && (
          <Typography.Text data-testid="csv-file">
            {file.name}（{Math.max(1, Math.round(file.size / 1024))} KB）{' '}
            <Button type="link" size="small" onClick={() => setFile(null)}>
              移除
            </Button>
          </Typography.Text>
        )}
      </Space>
      {!file && (
        <Input.TextArea
          aria-label="CSV 内容"
          style={{ marginTop: 8, fontFamily: 'monospace' }}
          rows={8}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={`或直接粘贴：${UNIT_CSV_COLUMNS.join(',')}`}
        />
      )}
      {summary && <Alert style={{ marginTop: 12 }} type="error" showIcon title={summary} />}
      {rows.length > 0 && (
        <Table
          style={{ marginTop: 8 }}
          size="small"
          dataSource={rows}
          pagination={pageNav({ pageSize: 10 })}
          data-testid="import-errors"
          columns={[
            { title: '行', dataIndex: 'row', width: 60 },
            { title: '列', dataIndex: 'col', width: 100 },
            { title: '错误', dataIndex: 'message' },
          ]}
        />
      )}
    </Modal>
  );
}
