import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, List, SpinLoading } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage, get } from '../lib/api';
import { newSigningKey, requestSigning, signAll, type SigningRequest } from '../lib/signing';
import { ZApplicationView } from '@netsign/api';
import { ErrorNote } from '../components/ErrorNote';
import type { StepProps } from '../pages/ApplyPage';

const short = (hex: string) => `${hex.slice(0, 8)} ${hex.slice(8, 16)} … ${hex.slice(-8)}`;

/**
 * 签署: a key pair made on this phone (never leaves it), a signing certificate for it, then the
 * e-contract, the 申请表 and the 告知 shown as they will be signed; one 签署 signs the set.
 */
export function SignStep({ app, onChange }: StepProps) {
  const { t } = useTranslation();
  const keys = useRef<CryptoKeyPair | null>(null);
  const [request, setRequest] = useState<SigningRequest | null>(null);
  const [busy, setBusy] = useState<'preparing' | 'signing' | null>('preparing');
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  // always a fresh key: a key from an earlier try may be gone, and a new certificate voids the old request
  const prepare = useCallback(async () => {
    setBusy('preparing');
    setError(null);
    setRequest(null);
    try {
      keys.current = await newSigningKey();
      setRequest(await requestSigning(app.id, app.buyerName, keys.current));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'ALREADY_SIGNED')
        return onChange(await get(`/api/buyer/applications/${app.id}`, ZApplicationView));
      // anything but the server's answer is the browser's WebCrypto failing
      setError(e instanceof ApiError ? errorMessage(e) : t('本机无法生成签名密钥，请换用系统自带浏览器后重试'));
    } finally {
      setBusy(null);
    }
  }, [app.id, app.buyerName, onChange, t]);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void prepare();
  }, [prepare]);

  const sign = async () => {
    if (!request || !keys.current) return;
    setBusy('signing');
    setError(null);
    try {
      await signAll(app.id, keys.current, request);
      keys.current = null; // done with it: nothing else is ever signed with this key
      onChange(await get(`/api/buyer/applications/${app.id}`, ZApplicationView));
    } catch (e) {
      setError(errorMessage(e));
      setRequest(null); // a refused or stale request is not signed again: 重试 prepares anew
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <h1>{t('签署文件')}</h1>
      <div className="hint">
        {t(
          '签名密钥在本机生成，只保存在本页面中，不会上传；平台为它签发仅用于本次公证的签名证书。签署完成前请勿刷新或离开本页，否则需要重新签署。',
        )}
      </div>
      {busy === 'preparing' && (
        <div
          className="card"
          role="status"
          aria-live="polite"
          style={{ display: 'flex', alignItems: 'center', gap: 12 }}
        >
          <SpinLoading style={{ '--size': '24px' }} aria-hidden />
          <span>{t('正在生成签名密钥并准备待签文件…')}</span>
        </div>
      )}
      {request && (
        <>
          <section aria-label={t('待签署的文件')}>
            <List mode="card" header={t('将以您的签名证书签署以下文件')}>
              {request.documents.map((d) => (
                <List.Item
                  key={d.documentId}
                  description={
                    <>
                      <div>{t('共 {{n}} 页', { n: d.pages })}</div>
                      <div style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                        {t('文件指纹')}：{short(d.sha256)}
                      </div>
                      <div style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                        {t('签署摘要')}：{short(d.digest)}
                      </div>
                    </>
                  }
                >
                  <span>{t(d.title)}</span>
                </List.Item>
              ))}
            </List>
          </section>
          <div className="hint">
            {t('请在 {{time}} 前完成签署', {
              time: new Date(request.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
            })}
          </div>
        </>
      )}
      <ErrorNote message={error} onRetry={busy ? undefined : () => void prepare()} />
      <Button
        block
        color="primary"
        size="large"
        disabled={!request}
        loading={busy === 'signing'}
        onClick={() => void sign()}
      >
        {t('签署')}
      </Button>
    </>
  );
}
