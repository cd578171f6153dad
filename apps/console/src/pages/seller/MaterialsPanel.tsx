import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Col,
  Empty,
  Image,
  Menu,
  Popconfirm,
  Progress,
  Row,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import {
  materialTakesSeveral,
  type TContractView,
  type TMaterialFileView,
  ZMaterialDeleted,
  ZMaterialFileView,
} from '@netsign/api';
import { materialsEditable } from '@netsign/api/commands';
import { ApiError, del, uploadWithProgress } from '../../api/client';
import { dateTime } from '../../format';

const ACCEPT: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
  webp: 'image/webp',
};

/** 收件材料: the left-side menu of categories (required ones marked), upload with progress, preview, replace, delete. */
export function MaterialsPanel({ contract, paper = false }: { contract: TContractView; paper?: boolean }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const cats = contract.materials.filter((c) => paper || !c.paperOnly || c.files.length);
  const [key, setKey] = useState<string>(cats[0].key);
  const [progress, setProgress] = useState<number | null>(null);
  const cat = cats.find((c) => c.key === key) ?? cats[0];
  const editable = materialsEditable(contract.status);
  const fileUrl = (m: TMaterialFileView) => `/api/contracts/${contract.id}/materials/${m.id}/file`;
  const refresh = () => qc.invalidateQueries({ queryKey: ['contract', contract.id] });

  /** Uploads the picked files one after another (one file a request); a failed one is named and the rest go on. */
  const upload = async (files: File[], replace?: TMaterialFileView) => {
    setProgress(0);
    try {
      for (const file of files) {
        try {
          await uploadWithProgress(
            `/api/contracts/${contract.id}/materials?category=${cat.key}`,
            file,
            setProgress,
            ZMaterialFileView,
          );
          if (replace) await del(`/api/contracts/${contract.id}/materials/${replace.id}`, ZMaterialDeleted);
          message.success(`${cat.label}：${file.name} 已上传`);
        } catch (e) {
          message.error(`${file.name}：${e instanceof ApiError ? e.message : '上传失败'}`);
        }
      }
      await refresh();
    } finally {
      setProgress(null);
    }
  };
  const uploader = (label: string, replace?: TMaterialFileView, primary = false) => (
    <Upload
      accept={cat.types.map((t) => ACCEPT[t]).join(',')}
      showUploadList={false}
      multiple={!replace && materialTakesSeveral(cat)}
      disabled={!editable || progress !== null}
      // with several picked, antd calls this once a file: start once, with the whole list
      beforeUpload={(file, list) => {
        if (file === list[0]) void upload(list as File[], replace);
        return false;
      }}
    >
      <Button
        type={primary ? 'primary' : 'default'}
        size={primary ? 'middle' : 'small'}
        disabled={!editable || progress !== null}
      >
        {label}
      </Button>
    </Upload>
  );

  return (
    <Row gutter={16}>
      <Col flex="240px">
        <Menu
          mode="inline"
          selectedKeys={[cat.key]}
          onClick={(e) => setKey(e.key)}
          items={cats.map((c) => ({
            key: c.key,
            label: (
              <Space size={4}>
                {c.required && <span style={{ color: '#cf1322' }}>*</span>}
                <span>{c.label}</span>
                {c.files.length > 0 && (
                  <Tag color="green" style={{ marginInlineStart: 4 }}>
                    {c.files.length}
                  </Tag>
                )}
              </Space>
            ),
          }))}
        />
      </Col>
      <Col flex="auto">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Title level={5} style={{ marginTop: 0 }} data-testid="material-category">
            {cat.label} {cat.required ? <Tag color="red">必传</Tag> : <Tag>选传</Tag>}
            {'minFiles' in cat && cat.minFiles ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                至少 {cat.minFiles} 个文件（正反面，可一次选择多个）
              </Typography.Text>
            ) : null}
          </Typography.Title>
          <Typography.Text type="secondary">
            格式：{cat.types.join(' / ').toUpperCase()}，单个文件不超过 {Math.round(cat.maxBytes / 1048576)} MB
          </Typography.Text>
          {!editable && <Alert type="info" showIcon title={`合同状态为「${contract.status}」，收件材料不能修改`} />}
          <Space>
            {uploader('上传附件', undefined, true)}
            {progress !== null && <Progress percent={progress} size="small" style={{ width: 200 }} />}
          </Space>
          {cat.files.length === 0 ? (
            <Empty description="尚未上传" />
          ) : (
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={cat.files}
              columns={[
                {
                  title: '预览',
                  dataIndex: 'id',
                  width: 140,
                  render: (_, m: TMaterialFileView) =>
                    m.mime.startsWith('image/') ? (
                      <Image
                        src={fileUrl(m)}
                        width={120}
                        height={80}
                        style={{ objectFit: 'contain' }}
                        alt={m.fileName}
                      />
                    ) : (
                      <a href={fileUrl(m)} target="_blank" rel="noreferrer">
                        预览 PDF
                      </a>
                    ),
                },
                { title: '文件名', dataIndex: 'fileName' },
                { title: '大小', dataIndex: 'size', render: (v: number) => `${(v / 1024).toFixed(0)} KB` },
                { title: '上传时间', dataIndex: 'createdAt', render: dateTime },
                {
                  title: '操作',
                  key: 'ops',
                  render: (_, m: TMaterialFileView) => (
                    <Space>
                      <a href={fileUrl(m)} download={m.fileName}>
                        下载
                      </a>
                      {editable && uploader('替换', m)}
                      {editable && (
                        <Popconfirm
                          title={`删除 ${m.fileName}？`}
                          okText="确定"
                          cancelText="取消"
                          onConfirm={async () => {
                            try {
                              await del(`/api/contracts/${contract.id}/materials/${m.id}`, ZMaterialDeleted);
                              message.success('已删除');
                              await refresh();
                            } catch (e) {
                              message.error(e instanceof ApiError ? e.message : '删除失败');
                            }
                          }}
                        >
                          <Button size="small" danger>
                            删除
                          </Button>
                        </Popconfirm>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
          )}
        </Space>
      </Col>
    </Row>
  );
}
