import { useEffect, useRef, useState } from 'react';
import { Button, SpinLoading } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { errorMessage, post } from '../lib/api';
import {
  ZApplicationView,
  type TApplicationView as ApplicationView,
  type TBuyerDocumentView as DocumentView,
} from '@netsign/api';
import { ErrorNote } from './ErrorNote';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

/** One page: drawn when it comes near the screen; counted as shown once drawn and half on screen. */
function PdfPage({
  pdf,
  n,
  total,
  width,
  seen,
  onShown,
}: {
  pdf: PDFDocumentProxy;
  n: number;
  total: number;
  width: number;
  seen: boolean;
  onShown: (n: number) => void;
}) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [near, setNear] = useState(false);
  const [drawn, setDrawn] = useState(false);
  const [visible, setVisible] = useState(false);
  const [ratio, setRatio] = useState(Math.SQRT2);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const io = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          if (e.isIntersecting) setNear(true);
          const rootH = e.rootBounds?.height ?? window.innerHeight;
          setVisible(e.isIntersecting && (e.intersectionRatio >= 0.5 || e.intersectionRect.height >= rootH * 0.5));
        }
      },
      { threshold: [0, 0.25, 0.5, 0.75, 1], rootMargin: '0px' },
    );
    io.observe(el);
    const pre = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), {
      rootMargin: '600px 0px',
    });
    pre.observe(el);
    return () => {
      io.disconnect();
      pre.disconnect();
    };
  }, []);

  useEffect(() => {
    if (!near || !canvas.current || !width) return;
    let cancelled = false;
    let task: { cancel(): void; promise: Promise<void> } | null = null;
    (async () => {
      const page = await pdf.getPage(n);
      const base = page.getViewport({ scale: 1 });
      setRatio(base.height / base.width);
      const dpr = Math.min(window.devicePixelRatio || 1, 2);
      const vp = page.getViewport({ scale: (width / base.width) * dpr });
      const c = canvas.current!;
      c.width = Math.floor(vp.width);
      c.height = Math.floor(vp.height);
      task = page.render({ canvas: c, canvasContext: c.getContext('2d')!, viewport: vp });
      await task.promise;
      if (!cancelled) setDrawn(true);
    })().catch(() => undefined);
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [near, pdf, n, width]);

  useEffect(() => {
    if (drawn && visible && !seen) onShown(n);
  }, [drawn, visible, seen, n, onShown]);

  return (
    <div
      ref={box}
      className="pdf-page"
      data-page={n}
      data-seen={seen ? 'yes' : 'no'}
      style={{ width, minHeight: drawn ? undefined : width * ratio }}
      role="img"
      aria-label={t('第 {{n}} 页，共 {{total}} 页', { n, total })}
    >
      <canvas ref={canvas} />
      <span className="page-no" aria-hidden>
        {n}/{total}
      </span>
    </div>
  );
}

/** A document from the server, page by page; which pages were shown is recorded as they are. */
export function PdfReader({
  appId,
  doc,
  onChange,
  onClose,
}: {
  appId: string;
  doc: DocumentView;
  onChange: (a: ApplicationView) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const pagesRef = useRef<HTMLDivElement>(null);
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [zoom, setZoom] = useState(1);
  const [width, setWidth] = useState(0);
  const [seen, setSeen] = useState<Set<number>>(() => new Set(doc.seen));
  const pending = useRef<Set<number>>(new Set());
  const timer = useRef<number>(0);
  const [saveError, setSaveError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the 重试 counter: changing it loads the document again
  useEffect(() => {
    setError(null);
    let live = true;
    const task = pdfjs.getDocument({
      url: `/api/buyer/applications/${appId}/documents/${doc.id}/file`,
      withCredentials: true,
    });
    task.promise.then(
      (d) => live && setPdf(d),
      (e) => live && setError(t('文件加载失败：{{m}}。请检查网络后点「重试」', { m: errorMessage(e) })),
    );
    return () => {
      live = false;
      void task.destroy();
    };
  }, [appId, doc.id, attempt, t]);

  useEffect(() => {
    const measure = () => setWidth(Math.floor(((pagesRef.current?.clientWidth ?? 340) - 16) * zoom));
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [zoom]);

  const flush = async () => {
    const pages = [...pending.current];
    if (!pages.length) return;
    pending.current.clear();
    try {
      onChange(
        await post(`/api/buyer/applications/${appId}/documents/${doc.id}/read`, { pages }, {}, ZApplicationView),
      );
      setSaveError(null);
    } catch (e) {
      pages.forEach((p) => pending.current.add(p));
      setSaveError(t('阅读记录保存失败：{{m}}。继续翻页会自动重试', { m: errorMessage(e) }));
    }
  };

  const onShown = (n: number) => {
    setSeen((s) => (s.has(n) ? s : new Set(s).add(n)));
    pending.current.add(n);
    clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void flush(), 400);
  };

  const close = async () => {
    clearTimeout(timer.current);
    await flush();
    onClose();
  };

  return (
    <div className="reader" role="dialog" aria-modal="true" aria-label={doc.title}>
      <div className="bar">
        <h2>{t(doc.title)}</h2>
        <Button
          size="small"
          onClick={() => setZoom((z) => (z === 1 ? 1.6 : 1))}
          aria-label={zoom === 1 ? t('放大') : t('缩小')}
        >
          {zoom === 1 ? t('放大') : t('缩小')}
        </Button>
      </div>
      <div className="pages" ref={pagesRef} style={{ alignItems: zoom === 1 ? 'center' : 'flex-start' }}>
        <ErrorNote message={error} onRetry={() => setAttempt((a) => a + 1)} />
        {!pdf && !error && (
          <div className="center-pad">
            <SpinLoading aria-label={t('加载中')} />
          </div>
        )}
        {pdf &&
          width > 0 &&
          Array.from({ length: pdf.numPages }, (_, i) => (
            <PdfPage
              key={i + 1}
              pdf={pdf}
              n={i + 1}
              total={pdf.numPages}
              width={width}
              seen={seen.has(i + 1)}
              onShown={onShown}
            />
          ))}
      </div>
      <div className="foot">
        <ErrorNote message={saveError} />
        <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
          <span style={{ flex: 1 }} aria-live="polite">
            {t('已阅读 {{n}}/{{total}} 页', { n: seen.size, total: doc.pages })}
          </span>
          <Button color="primary" onClick={() => void close()}>
            {seen.size >= doc.pages ? t('读完了，返回') : t('返回')}
          </Button>
        </div>
      </div>
    </div>
  );
}
