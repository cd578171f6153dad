import { useEffect, useState } from 'react';
import { Button, List, SpinLoading, Switch, Tag, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  formatBeijingTime,
  SUPPLEMENT_LABELS,
  ZApplicationList,
  ZMessageList,
  ZMessageRead,
  ZOk,
  type ZoneLanguage,
} from '@netsign/api';
import { errorMessage, get, post, setCsrfToken } from '../lib/api';
import { loginPath, useMe } from '../lib/session';
import { isSubscribed, subscribe, unsubscribe } from '../lib/push';
import { ErrorNote } from '../components/ErrorNote';
import { LanguagePicker } from '../components/LanguagePicker';

const STATUS_COLOR: Record<string, string> = {
  待审核: 'primary',
  已通过: 'success',
  已驳回: 'danger',
  待补正: 'warning',
};
function Applications() {
  const { t } = useTranslation();
  const nav = useNavigate();
  const q = useQuery({ queryKey: ['apps'], queryFn: () => get('/api/buyer/applications', ZApplicationList) });
  if (q.isLoading)
    return (
      <div className="center-pad">
        <SpinLoading aria-label={t('加载中')} />
      </div>
    );
  if (q.error) return <ErrorNote message={errorMessage(q.error)} onRetry={() => void q.refetch()} />;
  if (!q.data?.length)
    return <div className="card muted">{t('暂无申请记录。扫描开发企业出示的二维码即可开始办理。')}</div>;
  return (
    <>
      {q.data.map((a) => (
        <section key={a.id} className="card" aria-label={`${a.businessNo} ${t(a.status)}`}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
            <div style={{ fontWeight: 600 }}>{a.unit}</div>
            <Tag color={STATUS_COLOR[a.status] ?? 'default'} fill="outline" style={{ flex: 'none' }}>
              {t(a.status)}
            </Tag>
          </div>
          <div className="muted">
            {t('业务号')}：{a.businessNo}
          </div>
          <div className="muted">
            {t('买受人')}：{a.buyerName}
          </div>
          {a.status === '已驳回' && (
            <div className="error-box">
              {t('驳回原因')}：{a.reason}
            </div>
          )}
          {a.status === '待补正' && (
            <div className="error-box">
              <div>
                {t('公证处要求补正')}：{a.supplement?.note}
              </div>
              <div>
                {t('需重新提交')}：{(a.supplement?.items ?? []).map((i) => t(SUPPLEMENT_LABELS[i])).join('、')}
              </div>
            </div>
          )}
          {a.status === '已通过' && (
            <>
              <div>
                {t('公证书编号')}：{a.certificateNumber}
              </div>
              <a
                href={`/api/buyer/applications/${a.id}/certificate`}
                style={{ fontSize: 17, minHeight: 44, display: 'inline-flex', alignItems: 'center' }}
              >
                {t('查看公证书')}
              </a>
            </>
          )}
          {a.status === '待补正' && (
            <Button color="warning" onClick={() => nav(`/apply/${a.id}`)}>
              {t('去补正')}
            </Button>
          )}
          {['待核验', '已核验', '已阅读'].includes(a.status) && (
            <Button color="primary" onClick={() => nav(`/apply/${a.id}`)}>
              {t('继续办理')}
            </Button>
          )}
          {['待审核', '已通过', '已驳回'].includes(a.status) && (
            <Button fill="outline" onClick={() => nav(`/apply/${a.id}`)}>
              {t('查看详情')}
            </Button>
          )}
        </section>
      ))}
    </>
  );
}

function Messages() {
  const { t, i18n } = useTranslation();
  const q = useQuery({
    queryKey: ['messages'],
    queryFn: () => get('/api/messages', ZMessageList),
    refetchInterval: 30_000,
  });
  const [sub, setSub] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void isSubscribed().then(setSub, () => undefined);
  }, []);
  const toggle = async (on: boolean) => {
    setBusy(true);
    setError(null);
    try {
      if (on) await subscribe();
      else await unsubscribe();
      setSub(on);
      Toast.show({ content: on ? t('已订阅审批结果消息') : t('已取消订阅') });
    } catch (e) {
      setError(t(errorMessage(e)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <List mode="card" header={t('消息')}>
        <List.Item
          extra={<Switch checked={sub} loading={busy} onChange={(v) => void toggle(v)} aria-label={t('订阅消息')} />}
          description={t('审批结果出来时通知我')}
        >
          {t('订阅消息')}
        </List.Item>
      </List>
      <ErrorNote message={error} />
      <List mode="card" header={t('站内消息')} aria-label={t('站内消息')}>
        {q.data?.length ? (
          q.data.map((m) => (
            <List.Item
              key={m.id}
              description={`${m.body}　${formatBeijingTime(m.createdAt, { lang: i18n.language as ZoneLanguage })}`}
              onClick={() =>
                !m.readAt && void post(`/api/messages/${m.id}/read`, {}, {}, ZMessageRead).then(() => q.refetch())
              }
            >
              {!m.readAt && (
                <Tag color="danger" style={{ marginRight: 6 }}>
                  {t('未读')}
                </Tag>
              )}
              {m.title}
            </List.Item>
          ))
        ) : (
          <List.Item>{q.isLoading ? t('加载中') : t('暂无消息')}</List.Item>
        )}
      </List>
    </>
  );
}

/** The server's change events (SSE): statuses and messages refresh while the page is open. */
function LiveRefresh() {
  const qc = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const es = new EventSource('/api/live');
    es.addEventListener('change', () => {
      void qc.invalidateQueries({ queryKey: ['apps'] });
      void qc.invalidateQueries({ queryKey: ['messages'] });
    });
    return () => es.close();
  }, [qc]);
  return null;
}

/** 我的: 我的申请记录 with status, messages and the subscription, language, sign-out. */
export function MinePage() {
  const { t } = useTranslation();
  const nav = useNavigate();
  const qc = useQueryClient();
  const me = useMe();
  const logout = async () => {
    await post('/api/auth/logout', {}, {}, ZOk).catch(() => undefined);
    setCsrfToken('');
    qc.clear();
    nav('/');
  };
  return (
    <div className="page">
      <h1>{t('我的')}</h1>
      {me.isLoading && (
        <div className="center-pad">
          <SpinLoading aria-label={t('加载中')} />
        </div>
      )}
      {!me.isLoading && !me.data && (
        <div className="card">
          <div>{t('登录后查看您的申请记录和审批状态。')}</div>
          <Button block color="primary" onClick={() => nav(loginPath('/mine'))}>
            {t('登录')}
          </Button>
        </div>
      )}
      {me.data && <LiveRefresh />}
      {me.data && (
        <>
          <div className="muted">
            {t('手机号')}：{me.data.phone}
          </div>
          <h2>{t('我的申请记录')}</h2>
          <Applications />
          <Messages />
        </>
      )}
      <LanguagePicker />
      {me.data && (
        <Button block onClick={() => void logout()}>
          {t('退出登录')}
        </Button>
      )}
    </div>
  );
}
