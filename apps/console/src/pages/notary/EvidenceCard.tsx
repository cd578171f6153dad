import { Card, Descriptions, Image, Space, Table, Tag, Typography } from 'antd';
import {
  PHOTO_LABELS,
  type TApplicationEvidence,
  type TCaseApplicationView,
  type TCaseDocumentView,
} from '@netsign/api';
import { StatusTag } from '../../components/StatusTag';
import { dateTime } from '../../format';

const CHALLENGES: Record<string, string> = {
  blink: '眨眼',
  'turn-left': '向左转头',
  'turn-right': '向右转头',
  'open-mouth': '张嘴',
};
type Check = TApplicationEvidence['first'] | TApplicationEvidence['second'];
const pass = (ok: boolean | undefined) => (ok ? <Tag color="green">通过</Tag> : <Tag color="red">未通过</Tag>);

function Score({
  label,
  value,
  threshold,
  above = true,
}: {
  label: string;
  value?: number;
  threshold?: number;
  above?: boolean;
}) {
  if (value === undefined || value === null) return null;
  const ok = threshold === undefined ? undefined : above ? value >= threshold : value <= threshold;
  return (
    <span style={{ marginInlineEnd: 12 }}>
      {label} <b style={{ color: ok === false ? '#cf1322' : undefined }}>{value.toFixed(3)}</b>
      {threshold !== undefined && (
        <Typography.Text type="secondary">
          （阈值 {above ? '≥' : '≤'} {threshold}）
        </Typography.Text>
      )}
    </span>
  );
}

/** A live face check: the challenge, per-frame scores, medians and thresholds, and the frames themselves. */
function FaceCheck({ title, check, file }: { title: string; check: Check; file: (sha: string) => string }) {
  if (!check)
    return (
      <Descriptions.Item label={title}>
        <Typography.Text type="secondary">未进行</Typography.Text>
      </Descriptions.Item>
    );
  if (check.method === 'document') {
    return (
      <Descriptions.Item label={title}>
        <Space direction="vertical" size={4}>
          <span>
            证件核验 {pass(true)} 证件 {check.kind} {check.numberMasked} {check.mrzChecked && <Tag>MRZ 校验位正确</Tag>}{' '}
            {check.faceMatching && <Tag>证件照检出人脸 {check.face?.detectionScore}</Tag>}
          </span>
          {check.photoPage && <Image src={file(check.photoPage)} width={200} alt="证件照片页" />}
          <Typography.Text type="secondary">{dateTime(check.at)}</Typography.Text>
        </Space>
      </Descriptions.Item>
    );
  }
  if (check.method === 'document-video') {
    return (
      <Descriptions.Item label={title}>
        <Space direction="vertical" size={4} data-testid="second-check">
          <span>
            {pass(check.passed)} 提交时与证件照片页人像再次比对 · {dateTime(check.decidedAt)}
          </span>
          {!check.reference && (
            <Typography.Text type="warning">
              买受人未同意人像比对：请人工核对证件照片、手持证件照片与佐证视频
            </Typography.Text>
          )}
          {check.items.map((i) => (
            <span key={i.item}>
              {i.label}：
              {i.item === 'video' && (
                <>
                  {i.matched}/{i.total} 帧一致，最低{' '}
                </>
              )}
              <Score label="相似度" value={i.score} threshold={i.threshold} /> {pass(i.match)}
            </span>
          ))}
        </Space>
      </Descriptions.Item>
    );
  }
  const t = check.thresholds;
  return (
    <Descriptions.Item label={title}>
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <span>
          {pass(check.passed)} 动作：{CHALLENGES[check.challenge] ?? check.challenge ?? '—'} ·{' '}
          {dateTime(check.decidedAt)} {check.reason && <Typography.Text type="danger">{check.reason}</Typography.Text>}
        </span>
        {check.scores && (
          <span>
            <Score label="活体中位数" value={check.scores.livenessMedian} threshold={t.liveness} />
            <Score label="防伪中位数" value={check.scores.antispoofMedian} threshold={t.antispoof} />
            <Score label="同一人最低相似度" value={check.scores.minSimilarity} threshold={t.sameSession} />
            <Score label="动作幅度" value={check.scores.action} />
          </span>
        )}
        {check.match && (
          <span>
            与首次核验人脸比对 <Score label="相似度" value={check.match.score} threshold={check.match.threshold} />{' '}
            {pass(check.match.match)}
          </span>
        )}
        {Array.isArray(check.frames) && (
          <Table
            size="small"
            rowKey="index"
            pagination={false}
            scroll={{ x: true }}
            dataSource={check.frames}
            columns={[
              {
                title: '帧',
                dataIndex: 'sha256',
                render: (s: string) => <Image src={file(s)} width={56} alt="画面" />,
              },
              { title: '活体', dataIndex: 'liveness' },
              { title: '防伪', dataIndex: 'antispoof' },
              { title: '偏航角', dataIndex: 'yaw' },
              { title: '睁眼', dataIndex: 'eyeOpenness' },
              { title: '张嘴', dataIndex: 'mouthOpenness' },
              { title: '相似度', dataIndex: 'similarityToFirst' },
              {
                title: 'SHA-256',
                dataIndex: 'sha256',
                render: (s: string) => (
                  <Typography.Text code copyable={{ text: s }}>
                    {s.slice(0, 12)}…
                  </Typography.Text>
                ),
              },
            ]}
          />
        )}
        {check.engine && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            引擎 {check.engine.library} {check.engine.version}（{check.engine.backend}）
          </Typography.Text>
        )}
      </Space>
    </Descriptions.Item>
  );
}

/** One buyer's evidence, every item with its time, score and threshold, for the notary to weigh. */
export function EvidenceCard({
  app,
  documents,
  file,
}: {
  app: TCaseApplicationView;
  documents: TCaseDocumentView[];
  file: (sha: string) => string;
}) {
  const e = app.evidence;
  const photos = Object.entries(e.photos ?? {}).flatMap(([kind, p]) => (p ? [{ kind, ...p }] : []));
  const video = e.video;
  const titleOf = (id: string) => documents.find((d) => d.id === id)?.title ?? id;
  return (
    <Card
      size="small"
      title={
        <Space>
          {app.buyerName}
          <StatusTag status={app.status} />
          <Tag>{app.route === 'face' ? '中国大陆公民 · 人脸识别' : '非中国大陆居民 · 证件 + 佐证视频'}</Tag>
        </Space>
      }
      data-testid={`evidence-${app.buyerIndex}`}
    >
      {app.reason && <Typography.Paragraph type="danger">驳回原因：{app.reason}</Typography.Paragraph>}
      {app.supplement && (
        <Typography.Paragraph type="warning">
          需补正：{app.supplement.items.join('、')} — {app.supplement.note}
        </Typography.Paragraph>
      )}
      <Descriptions size="small" column={1} bordered styles={{ label: { width: 110, whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label="人脸信息单独同意">
          {e.consent ? (
            <>
              {e.consent.accepted ? <Tag color="green">同意</Tag> : <Tag color="red">不同意</Tag>} 版本{' '}
              {e.consent.textVersion} · {dateTime(e.consent.at)}
            </>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        {FaceCheck({ title: '首次身份核验', check: e.first, file })}
        <Descriptions.Item label="照片">
          <Space wrap align="start">
            {photos.map((p) => (
              <div key={p.kind} style={{ width: 200 }}>
                <Typography.Text strong>{(PHOTO_LABELS as Record<string, string>)[p.kind] ?? p.kind}</Typography.Text>
                <Image src={file(p.sha256)} className="evidence-img" alt={p.kind} />
                <div style={{ fontSize: 12 }}>
                  {p.match && (
                    <div>
                      <Score label="人像比对" value={p.match.score} threshold={p.match.threshold} />
                    </div>
                  )}
                  <Typography.Text type="secondary">{dateTime(p.at)}</Typography.Text>
                </div>
              </div>
            ))}
            {photos.length === 0 && <Typography.Text type="secondary">尚未上传</Typography.Text>}
          </Space>
        </Descriptions.Item>
        {FaceCheck({ title: '再次身份核验', check: e.second, file })}
        {(video || app.route !== 'face') && (
          <Descriptions.Item label="佐证视频">
            {video ? (
              <Space align="start" wrap>
                <video src={file(video.sha256)} controls width={280} />
                <Space direction="vertical" size={4} style={{ maxWidth: 360 }}>
                  <span>
                    朗读文字：
                    <Typography.Text strong data-testid="video-text">
                      {video.text}
                    </Typography.Text>
                  </span>
                  <span>
                    时长 {(video.durationMs / 1000).toFixed(1)} 秒 · {video.container} · 提交于{' '}
                    {dateTime(video.uploadedAt)}
                  </span>
                  {video.format && <span data-testid="video-format">{videoFormatText(video.format)}</span>}
                  {video.format?.picture === 'HEVC' && (
                    <Typography.Text type="warning">
                      HEVC 视频在部分浏览器中无法播放：请
                      <a href={file(video.sha256)} download>
                        下载
                      </a>
                      后用播放器观看
                    </Typography.Text>
                  )}
                  {video.frames && (
                    <span>
                      录制中画面比对 {pass(video.frames.passed)}{' '}
                      {video.frames.results.map((r) => r.score?.toFixed(3)).join(' / ')}（阈值{' '}
                      {video.frames.results?.[0]?.threshold}）
                    </span>
                  )}
                </Space>
              </Space>
            ) : (
              <Typography.Text type="secondary">尚未录制</Typography.Text>
            )}
          </Descriptions.Item>
        )}
        <Descriptions.Item label="阅读记录">
          <Table
            size="small"
            pagination={false}
            rowKey="id"
            dataSource={Object.entries(e.reads ?? {}).map(([id, r]) => ({ id, ...r }))}
            columns={[
              { title: '文件', dataIndex: 'id', render: titleOf },
              { title: '已读页', key: 'p', render: (_, r) => `${r.seen.length}/${r.pages}` },
              { title: '版本', dataIndex: 'version' },
              { title: '读完时间', dataIndex: 'completedAt', render: dateTime },
            ]}
          />
          {e.agreed && <div style={{ marginTop: 4 }}>同意继续：{dateTime(e.agreed.at)}</div>}
        </Descriptions.Item>
        <Descriptions.Item label="提交时间">{dateTime(app.submittedAt)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** e.g. 画面 HEVC 1920×1080（竖屏，旋转 90°）· 声音 AAC */
function videoFormatText(f: {
  picture: string;
  sound: string | null;
  width: number | null;
  height: number | null;
  rotation: number;
}) {
  const size = f.width && f.height ? ` ${f.width}×${f.height}` : '';
  const upright =
    f.rotation === 90 || f.rotation === 270 ? (f.width ?? 0) > (f.height ?? 0) : (f.height ?? 0) > (f.width ?? 0);
  const turn = f.rotation ? `，旋转 ${f.rotation}°` : '';
  return `画面 ${f.picture}${size}（${upright ? '竖屏' : '横屏'}${turn}）· 声音 ${f.sound ?? '无'}`;
}
