import { useEffect, useRef, useState } from 'react';
import { Button } from 'antd-mobile';
import { TopBar } from '../components/TopBar';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCamera } from '../lib/camera';
import { ErrorNote } from '../components/ErrorNote';
import { caseTokenOf } from '../lib/qr';

function Scanner({ onFound }: { onFound: (text: string) => void }) {
  const { t } = useTranslation();
  const cam = useCamera({ facing: 'environment' });
  const done = useRef(false);
  useEffect(() => {
    if (!cam.ready) return;
    let timer = 0;
    let cancelled = false;
    const tick = async () => {
      const { default: jsQR } = await import('jsqr');
      const c = cam.frame();
      if (c && !done.current) {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
        const code = jsQR(d.data, d.width, d.height, { inversionAttempts: 'dontInvert' });
        if (code?.data) {
          done.current = true;
          onFound(code.data);
          return;
        }
      }
      if (!cancelled) timer = window.setTimeout(tick, 250);
    };
    void tick();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [cam.ready, cam.frame, onFound]);
  return (
    <>
      <div className="camera">
        <video ref={cam.videoRef} playsInline muted aria-label={t('扫码取景')} />
        <div className="card-frame" style={{ aspectRatio: '1 / 1', left: '15%', right: '15%', top: '20%' }} />
        <div className="camera-caption">{t('将二维码放入框内，即可自动识别')}</div>
      </div>
      <ErrorNote message={cam.error && t(cam.error)} onRetry={cam.retry} />
    </>
  );
}

/** 一手房签约公证 → 立即扫码: reads the QR in the page (jsQR), or the QR's link is opened directly. */
export function ScanPage() {
  const { t } = useTranslation();
  const nav = useNavigate();
  const [scanning, setScanning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <TopBar onBack={() => nav('/')}>{t('一手房签约公证')}</TopBar>
      <div className="page">
        <div className="hint">
          {t(
            '请扫描开发企业网签系统中「查看二维码」显示的二维码，进入在线公证页面。也可以用手机相机或微信扫一扫直接打开二维码中的链接。',
          )}
        </div>
        {scanning ? (
          <Scanner
            onFound={(text) => {
              const token = caseTokenOf(text);
              if (token) nav(`/case/${token}`);
              else {
                setScanning(false);
                setError(t('这不是电子公证网签的二维码，请扫描开发企业出示的签约二维码'));
              }
            }}
          />
        ) : (
          <Button
            block
            color="primary"
            size="large"
            onClick={() => {
              setError(null);
              setScanning(true);
            }}
          >
            {t('立即扫码')}
          </Button>
        )}
        <ErrorNote message={error} />
        {scanning && (
          <Button block onClick={() => setScanning(false)}>
            {t('取消')}
          </Button>
        )}
      </div>
    </>
  );
}
