import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Space, Spin, Typography } from 'antd';
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

/** Prints one part of the page (`.print-area`) with the browser's print dialog. */
export function printArea(el: HTMLElement | null) {
  if (!el) return;
  el.classList.add('print-area');
  document.body.classList.add('printing');
  const done = () => {
    document.body.classList.remove('printing');
    el.classList.remove('print-area');
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
  setTimeout(done, 1000);
}

interface Props {
  url: string;
  title: string;
  fileName?: string;
  downloadable?: boolean;
  printable?: boolean;
  maxHeight?: number;
}

/** A PDF rendered in the page with pdf.js, every page, with 下载 and 打印. */
export function PdfViewer({ url, title, fileName, downloadable = true, printable = true, maxHeight = 720 }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState<number | null>(null);
  const [rendered, setRendered] = useState(0);
  const [error, setError] = useState('');

  useEffect(() => {
    let cancelled = false;
    const host = box.current!;
    host.innerHTML = '';
    setPages(null);
    setRendered(0);
    setError('');
    const task = pdfjs.getDocument({ url, withCredentials: true });
    task.promise
      .then(async (doc) => {
        if (cancelled) return;
        setPages(doc.numPages);
        for (let i = 1; i <= doc.numPages && !cancelled; i++) {
          const page = await doc.getPage(i);
          const viewport = page.getViewport({ scale: 1.5 });
          const canvas = document.createElement('canvas');
          canvas.width = viewport.width;
          canvas.height = viewport.height;
          canvas.style.width = `${Math.min(760, viewport.width / 1.5)}px`;
          canvas.dataset.page = String(i);
          host.appendChild(canvas);
          await page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport }).promise;
          if (!cancelled) setRendered(i);
        }
      })
      .catch((e: Error) => {
        if (!cancelled) setError(`无法显示 ${title}：${e.message}`);
      });
    return () => {
      cancelled = true;
      void task.destroy();
    };
  }, [url, title]);

  return (
    <div data-testid={`pdf-${title}`}>
      <Space style={{ marginBottom: 8 }} className="no-print">
        <Typography.Text strong>{title}</Typography.Text>
        <Typography.Text type="secondary" data-testid="pdf-pages">
          {pages === null ? '加载中…' : `共 ${pages} 页${rendered < pages ? `，已显示 ${rendered} 页` : ''}`}
        </Typography.Text>
        {downloadable && (
          <Button href={url} download={fileName ?? `${title}.pdf`}>
            下载
          </Button>
        )}
        {printable && (
          <Button onClick={() => printArea(box.current)} disabled={!pages || rendered < pages}>
            打印
          </Button>
        )}
      </Space>
      {error && <Alert type="error" title={error} />}
      {pages === null && !error && <Spin />}
      <div
        ref={box}
        className="pdf-pages"
        style={{ maxHeight, overflow: 'auto', background: '#e8e8e8', padding: 12 }}
      />
    </div>
  );
}
