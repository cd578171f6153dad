import { useState } from 'react';
import { Button, List, Radio, SpinLoading, Tag } from 'antd-mobile';
import { TopBar } from '../components/TopBar';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage, get, post } from '../lib/api';
import { loginPath, useMe } from '../lib/session';
import { ZApplicationView, ZBuyerCaseView } from '@netsign/api';
import { ErrorNote } from '../components/ErrorNote';

/** 在线公证: the contract's buyers, each 身份未核验 / 已核验; the buyer chooses themself, 继续. */
export function CasePage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [params] = useSearchParams();
  const nav = useNavigate();
  const qc = useQueryClient();
  const me = useMe();
  const q = useQuery({
    queryKey: ['case', token],
    queryFn: () => get(`/api/buyer/cases/${token}`, ZBuyerCaseView),
    retry: false,
  });
  const initial = params.get('buyer');
  const [picked, setPicked] = useState<number | null>(initial !== null ? Number(initial) : null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const go = async () => {
    setError(null);
    if (picked === null) return setError(t('请先选中您本人，再点「继续」'));
    if (!me.data) return nav(loginPath(`/case/${token}?buyer=${picked}`));
    setBusy(true);
    try {
      const app = await post('/api/buyer/claim', { token, buyerIndex: picked }, {}, ZApplicationView);
      qc.setQueryData(['app', app.id], app);
      nav(`/apply/${app.id}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <TopBar onBack={() => nav('/')}>{t('在线公证')}</TopBar>
      <div className="page">
        {q.isLoading && (
          <div className="center-pad">
            <SpinLoading aria-label={t('加载中')} />
          </div>
        )}
        <ErrorNote message={q.error && errorMessage(q.error)} onRetry={() => void q.refetch()} />
        {q.data && (
          <>
            <div className="card">
              <h1>{t('在线公证')}</h1>
              <div>{q.data.unit}</div>
              <div className="muted">
                {t('出卖人')}：{q.data.seller}
              </div>
              <div className="muted">
                {t('业务号')}：{q.data.businessNo}
              </div>
            </div>
            <h2>{t('选中购买人信息')}</h2>
            <Radio.Group value={picked ?? undefined} onChange={(v) => setPicked(Number(v))}>
              <List mode="card" aria-label={t('买受人')}>
                {q.data.buyers.map((b) => (
                  <List.Item
                    key={b.buyerIndex}
                    onClick={() => setPicked(b.buyerIndex)}
                    prefix={<Radio value={b.buyerIndex} aria-label={`${b.name} ${b.phone}`} />}
                    description={b.phone}
                    extra={
                      <Tag color={b.verified ? 'success' : 'warning'} fill="outline">
                        {b.verified ? t('已核验') : t('身份未核验')}
                      </Tag>
                    }
                  >
                    {b.name}
                  </List.Item>
                ))}
              </List>
            </Radio.Group>
            <ErrorNote message={error} />
            <Button block color="primary" size="large" loading={busy} onClick={go}>
              {t('继续')}
            </Button>
            {!me.data && !me.isLoading && (
              <div className="hint">{t('点「继续」后，请用本人手机号和短信验证码登录。')}</div>
            )}
          </>
        )}
      </div>
    </>
  );
}
