import { useEffect, useRef, useState } from 'react';
import { Button } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { UploadSheet, useUploadProgress, type Upload } from './UploadSheet';

/** 电子签名: drawn with a finger on a full-width pad; 重写 clears it, 确定 sends it as a PNG. */
export function SignaturePad({ title, onCancel, upload }: { title: string; onCancel: () => void; upload: Upload }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const last = useRef<{ x: number; y: number } | null>(null);
  const [ink, setInk] = useState(0);
  const progress = useUploadProgress(upload);

  const clear = () => {
    const c = canvas.current!;
    const g = c.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, c.width, c.height);
    setInk(0);
  };

  useEffect(() => {
    const c = canvas.current!;
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    c.width = Math.round(c.clientWidth * dpr);
    c.height = Math.round(c.clientHeight * dpr);
    const g = c.getContext('2d')!;
    g.scale(dpr, dpr);
    g.lineWidth = 3.5;
    g.lineCap = 'round';
    g.lineJoin = 'round';
    g.strokeStyle = '#111';
    g.fillStyle = '#fff';
    g.fillRect(0, 0, c.width, c.height);
  }, []);

  const point = (e: React.PointerEvent) => {
    const r = canvas.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const down = (e: React.PointerEvent) => {
    e.preventDefault();
    canvas.current!.setPointerCapture?.(e.pointerId);
    drawing.current = true;
    last.current = point(e);
  };
  const move = (e: React.PointerEvent) => {
    if (!drawing.current || !last.current) return;
    const p = point(e);
    const g = canvas.current!.getContext('2d')!;
    g.beginPath();
    g.moveTo(last.current.x, last.current.y);
    g.lineTo(p.x, p.y);
    g.stroke();
    setInk((n) => n + Math.hypot(p.x - last.current!.x, p.y - last.current!.y));
    last.current = p;
  };
  const up = () => {
    drawing.current = false;
    last.current = null;
  };

  const confirm = async () => {
    if (ink < 30) return progress.setError(t('签名过短，请在框内用手指写下您的姓名'));
    const png = await new Promise<Blob | null>((r) => canvas.current!.toBlob(r, 'image/png'));
    await progress.send(png!);
  };

  return (
    <UploadSheet
      title={title}
      onCancel={onCancel}
      progress={progress}
      actions={
        <>
          <Button size="large" disabled={progress.uploading} onClick={clear}>
            {t('重写')}
          </Button>
          <Button color="primary" size="large" loading={progress.uploading} onClick={() => void confirm()}>
            {t('确定')}
          </Button>
        </>
      }
    >
      <div>{t('请在下方白色区域用手指写下您的姓名')}</div>
      <canvas
        ref={canvas}
        className="sig-pad"
        role="img"
        aria-label={t('签名板')}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        onPointerLeave={up}
      />
    </UploadSheet>
  );
}
