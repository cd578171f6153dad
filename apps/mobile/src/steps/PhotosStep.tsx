import { useState } from 'react';
import { Button, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { errorMessage, get, post, upload } from '../lib/api';
import { photoItems } from '../lib/flow';
import type { ApplicationView, Route } from '../lib/types';
import { ErrorNote } from '../components/ErrorNote';
import { CameraCapture } from '../components/CameraCapture';
import { SignaturePad } from '../components/SignaturePad';
import type { StepProps } from '../pages/ApplyPage';

const LABELS: Record<Route, Record<string, string>> = {
  face: { id_front: '身份证正面照片', id_back: '身份证反面照片', signature: '电子签名' },
  document_video: { id_front: '身份证明文件正面照片', id_back: '身份证明文件反面照片', handheld: '手持身份证正面照片', signature: '电子签名图片' },
};
const PHOTO_PAGE = '证件个人资料页（照片页）照片';
const TIPS: Record<string, string> = {
  id_front: '请将证件人像面放入框内，保证文字和人像清晰、无反光',
  id_back: '请将证件背面放入框内，保证文字清晰',
  handheld: '请手持证件正面置于胸前，人脸和证件都在画面内',
};

/**
 * 上传资料: the ID photos (and, for 4.2, the handheld photo) from the live camera, and the signature
 * drawn on the pad. Each upload first asks the server for a one-time capture token.
 */
export function PhotosStep({ app, onChange, onNext }: StepProps & { onNext: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<{ kind: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const items = photoItems(app);
  // a document without a back (passport): its one photo page
  const hasBack = items.some((i) => i.kind === 'id_back');
  const labels = hasBack ? LABELS[app.route] : { ...LABELS[app.route], id_front: PHOTO_PAGE };
  const done = (kind: string) => Boolean(app.photos[kind]?.accepted) && !(app.status === '待补正' && app.missing.some((m) => m.field === `supplement.${kind}`));
  const allDone = !app.missing.some((m) => m.field.startsWith('photos.') || ['id_front', 'id_back', 'handheld', 'signature'].some((k) => m.field === `supplement.${k}`));

  const openCapture = async (kind: string) => {
    setError(null);
    try {
      // the token is asked for right before the camera opens; the upload spends it
      const { token } = await post<{ token: string }>(`/api/buyer/applications/${app.id}/captures`);
      setOpen({ kind, token });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const send = async (kind: string, file: Blob, onProgress: (pct: number) => void) => {
    let token = open!.token;
    const attempt = async () => {
      const form = new FormData();
      form.append('file', file, kind === 'signature' ? 'signature.png' : `${kind}.jpg`);
      return upload<ApplicationView>(`/api/buyer/applications/${app.id}/photos/${kind}`, form, { 'x-capture-token': token }, onProgress);
    };
    try {
      onChange(await attempt());
    } catch (e: any) {
      // a refused photo spends its token: a retry of the same photo gets a fresh one
      if (e?.code === 'FACE_MISMATCH' || e?.code === 'NO_FACE' || e?.code === 'MULTIPLE_FACES') {
        const fresh = await post<{ token: string }>(`/api/buyer/applications/${app.id}/captures`);
        token = fresh.token;
        setOpen((o) => (o ? { ...o, token } : o));
        void get<ApplicationView>(`/api/buyer/applications/${app.id}`).then(onChange, () => undefined);
      } else if (e?.code === 'CAPTURE_INVALID' || e?.code === 'CAPTURE_EXPIRED') {
        const fresh = await post<{ token: string }>(`/api/buyer/applications/${app.id}/captures`);
        setOpen((o) => (o ? { ...o, token: fresh.token } : o));
      }
      throw e;
    }
    setOpen(null);
  };

  const group = (kinds: string[], heading?: string) => (
    <div className="card" key={kinds.join()}>
      {heading && <h2>{t(heading)}</h2>}
      {items.filter((i) => kinds.includes(i.kind)).map(({ kind, redo }) => {
        const p = app.photos[kind];
        const ok = done(kind);
        return (
          <div key={kind} style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
            <div style={{ flex: 1 }}>
              <div>{t(labels[kind]!)}</div>
              {ok ? <Tag color="success" fill="outline">{t('已上传')}</Tag>
                : p && !p.accepted ? <Tag color="danger" fill="outline">{t('人像比对未通过，请重拍')}</Tag>
                : <Tag color="default" fill="outline">{t('未上传')}</Tag>}
            </div>
            <Button
              color={ok ? 'default' : 'primary'}
              disabled={!redo}
              onClick={() => void openCapture(kind)}
              aria-label={kind === 'signature' ? t('签署{{label}}', { label: t(labels[kind]!) }) : t('拍摄{{label}}', { label: t(labels[kind]!) })}
            >
              {kind === 'signature' ? (ok ? t('重新签名') : t('签名')) : ok ? t('重拍') : t('拍照')}
            </Button>
          </div>
        );
      })}
    </div>
  );

  return (
    <>
      <h1>{t('上传资料')}</h1>
      <div className="hint">{t('照片须用本机相机现场拍摄，不能从相册选择。')}</div>
      {app.route === 'face'
        ? [group(['id_front', 'id_back'], '身份证正反面照片'), group(['signature'], '电子签名')]
        : [group(['id_front', 'id_back'], hasBack ? '身份证明文件正反面照片' : PHOTO_PAGE), group(['handheld'], '手持身份证正面照片'), group(['signature'], '电子签名图片')]}
      <ErrorNote message={error} />
      <Button block color="primary" size="large" disabled={!allDone} onClick={onNext}>
        {app.route === 'face' ? t('下一步：人脸识别') : app.status === '待补正' ? t('下一步') : t('提交资料，完成')}
      </Button>
      {open && open.kind !== 'signature' && (
        <CameraCapture
          title={t('拍摄{{label}}', { label: t(labels[open.kind]!) })}
          tip={TIPS[open.kind]!}
          facing={open.kind === 'handheld' ? 'user' : 'environment'}
          guide={open.kind === 'handheld' ? 'portrait' : 'card'}
          onCancel={() => setOpen(null)}
          upload={(file, onProgress) => send(open.kind, file, onProgress)}
        />
      )}
      {open?.kind === 'signature' && (
        <SignaturePad title={t(labels.signature!)} onCancel={() => setOpen(null)} upload={(png, onProgress) => send('signature', png, onProgress)} />
      )}
    </>
  );
}
