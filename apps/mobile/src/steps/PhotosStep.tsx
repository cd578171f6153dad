import { useState } from 'react';
import { Button, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage, get, post, upload } from '../lib/api';
import { photoItems, photosNext } from '../lib/flow';
import { useSubmit } from '../lib/use-submit';
import {
  PHOTO_KINDS,
  PHOTO_LABELS,
  PHOTO_PAGE_LABEL,
  RESIDENT_ID_PHOTO_LABELS,
  ZApplicationView,
  ZCaptureToken,
  type TPhotoKind,
  type TVerificationRoute as Route,
} from '@netsign/api';
import { ErrorNote } from '../components/ErrorNote';
import { CameraCapture } from '../components/CameraCapture';
import { SignaturePad } from '../components/SignaturePad';
import type { StepProps } from '../pages/ApplyPage';

/** A mainland buyer's photos name the 居民身份证; a document without a back has its photo page only. */
const labelsOf = (route: Route, hasBack: boolean): Record<TPhotoKind, string> => ({
  ...PHOTO_LABELS,
  ...(route === 'face' ? RESIDENT_ID_PHOTO_LABELS : {}),
  ...(hasBack ? {} : { id_front: PHOTO_PAGE_LABEL }),
});
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
  const [open, setOpen] = useState<{ kind: TPhotoKind; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const items = photoItems(app);
  // a document without a back (passport): its one photo page
  const hasBack = items.some((i) => i.kind === 'id_back');
  const labels = labelsOf(app.route, hasBack);
  const done = (kind: TPhotoKind) =>
    Boolean(app.photos[kind]?.accepted) &&
    !(app.status === '待补正' && app.missing.some((m) => m.field === `supplement.${kind}`));
  const allDone = !app.missing.some(
    (m) => m.field.startsWith('photos.') || PHOTO_KINDS.some((k) => m.field === `supplement.${k}`),
  );
  const next = photosNext(app);
  const sending = useSubmit(app.id, onChange);

  const openCapture = async (kind: TPhotoKind) => {
    setError(null);
    try {
      // the token is asked for right before the camera opens; the upload spends it
      const { token } = await post(`/api/buyer/applications/${app.id}/captures`, {}, {}, ZCaptureToken);
      setOpen({ kind, token });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const send = async (kind: TPhotoKind, file: Blob, onProgress: (pct: number) => void) => {
    let token = open!.token;
    const attempt = async () => {
      const form = new FormData();
      form.append('file', file, kind === 'signature' ? 'signature.png' : `${kind}.jpg`);
      return upload(
        `/api/buyer/applications/${app.id}/photos/${kind}`,
        form,
        { 'x-capture-token': token },
        onProgress,
        ZApplicationView,
      );
    };
    try {
      onChange(await attempt());
    } catch (e) {
      // a refused photo spends its token: a retry of the same photo gets a fresh one
      const code = e instanceof ApiError ? e.code : '';
      if (code === 'FACE_MISMATCH' || code === 'NO_FACE' || code === 'MULTIPLE_FACES') {
        const fresh = await post(`/api/buyer/applications/${app.id}/captures`, {}, {}, ZCaptureToken);
        token = fresh.token;
        setOpen((o) => (o ? { ...o, token } : o));
        void get(`/api/buyer/applications/${app.id}`, ZApplicationView).then(onChange, () => undefined);
      } else if (code === 'CAPTURE_INVALID' || code === 'CAPTURE_EXPIRED') {
        const fresh = await post(`/api/buyer/applications/${app.id}/captures`, {}, {}, ZCaptureToken);
        setOpen((o) => (o ? { ...o, token: fresh.token } : o));
      }
      throw e;
    }
    setOpen(null);
  };

  const group = (kinds: TPhotoKind[], heading?: string) => (
    <div className="card" key={kinds.join()}>
      {heading && <h2>{t(heading)}</h2>}
      {items
        .filter((i) => kinds.includes(i.kind))
        .map(({ kind, redo }) => {
          const p = app.photos[kind];
          const ok = done(kind);
          return (
            <div key={kind} style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
              <div style={{ flex: 1 }}>
                <div>{t(labels[kind])}</div>
                {ok ? (
                  <Tag color="success" fill="outline">
                    {t('已上传')}
                  </Tag>
                ) : p && !p.accepted ? (
                  <Tag color="danger" fill="outline">
                    {t('人像比对未通过，请重拍')}
                  </Tag>
                ) : (
                  <Tag color="default" fill="outline">
                    {t('未上传')}
                  </Tag>
                )}
              </div>
              <Button
                color={ok ? 'default' : 'primary'}
                disabled={!redo}
                onClick={() => void openCapture(kind)}
                aria-label={
                  kind === 'signature'
                    ? t('签署{{label}}', { label: t('电子签名') })
                    : t('拍摄{{label}}', { label: t(labels[kind]) })
                }
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
        ? [group(['id_front', 'id_back'], '身份证正反面照片'), group(['signature'], '电子签名图片')]
        : [
            group(['id_front', 'id_back'], hasBack ? '身份证明文件正反面照片' : PHOTO_PAGE_LABEL),
            group(['handheld'], '手持身份证正面照片'),
            group(['signature'], '电子签名图片'),
          ]}
      <ErrorNote message={error ?? sending.error} />
      <Button
        block
        color="primary"
        size="large"
        disabled={!allDone}
        loading={sending.busy}
        onClick={next.submits ? () => void sending.submit() : onNext}
      >
        {t(next.label)}
      </Button>
      {open && open.kind !== 'signature' && (
        <CameraCapture
          title={t('拍摄{{label}}', { label: t(labels[open.kind]) })}
          tip={TIPS[open.kind]!}
          facing={open.kind === 'handheld' ? 'user' : 'environment'}
          guide={open.kind === 'handheld' ? 'portrait' : 'card'}
          onCancel={() => setOpen(null)}
          upload={(file, onProgress) => send(open.kind, file, onProgress)}
        />
      )}
      {open?.kind === 'signature' && (
        <SignaturePad
          title={t(labels.signature!)}
          onCancel={() => setOpen(null)}
          upload={(png, onProgress) => send('signature', png, onProgress)}
        />
      )}
    </>
  );
}
