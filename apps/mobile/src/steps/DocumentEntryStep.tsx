import { useState } from 'react';
import { Button, Form, Input, Selector } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ZApplicationView, ZCaptureToken } from '@netsign/api';
import { ApiError, errorMessage, post, upload } from '../lib/api';
import type { Violation } from '@netsign/api/client';
import { ErrorNote } from '../components/ErrorNote';
import { CameraCapture } from '../components/CameraCapture';
import type { StepProps } from '../pages/ApplyPage';

const KINDS = [
  { value: 'PASSPORT', label: '护照' },
  { value: 'HK_MO_PERMIT', label: '港澳居民来往内地通行证' },
  { value: 'TW_PERMIT', label: '台湾居民来往大陆通行证' },
  { value: 'FOREIGN_PR_CARD', label: '外国人永久居留身份证' },
  { value: 'HMT_RESIDENCE_PERMIT', label: '港澳台居民居住证' },
  { value: 'CN_RESIDENT_ID', label: '居民身份证' },
];

/**
 * Manual 4.2, first identity verification: the buyer chooses the document type, enters it and
 * photographs its photo page with the camera.
 */
export function DocumentEntryStep({ app, onChange }: StepProps) {
  const { t } = useTranslation();
  // no default: the buyer says which document they hold
  const [kind, setKind] = useState('');
  const [number, setNumber] = useState('');
  const [name, setName] = useState('');
  const [mrz1, setMrz1] = useState('');
  const [mrz2, setMrz2] = useState('');
  const [camera, setCamera] = useState<{ token: string } | null>(null);
  const [shot, setShot] = useState<{ photo: Blob; token: string } | null>(null);
  const [pct, setPct] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [violations, setViolations] = useState<Violation[]>([]);

  const openCamera = async () => {
    setError(null);
    try {
      const { token } = await post(`/api/buyer/applications/${app.id}/captures`, {}, {}, ZCaptureToken);
      setCamera({ token });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const submit = async () => {
    setError(null);
    setViolations([]);
    if (!kind) return setError(t('请选择证件类型'));
    if (!number.trim() || !name.trim()) return setError(t('请填写证件号码和证件上的姓名'));
    if (kind === 'PASSPORT' && (mrz1.trim().length !== 44 || mrz2.trim().length !== 44))
      return setError(t('请按护照资料页底部两行机读码（各 44 个字符）填写'));
    if (!shot) return setError(t('请先拍摄证件照片页'));
    const form = new FormData();
    // the fields come before the file: the server reads them first
    form.append('kind', kind);
    form.append('number', number.trim().toUpperCase());
    form.append('name', name.trim());
    if (kind === 'PASSPORT') form.append('mrz', `${mrz1.trim().toUpperCase()}\n${mrz2.trim().toUpperCase()}`);
    form.append('file', shot.photo, 'photo-page.jpg');
    setPct(0);
    try {
      const next = await upload(
        `/api/buyer/applications/${app.id}/identity-document`,
        form,
        { 'x-capture-token': shot.token },
        setPct,
        ZApplicationView,
      );
      onChange(next);
    } catch (e) {
      setPct(null);
      setError(errorMessage(e));
      if (e instanceof ApiError) {
        setViolations(e.violations);
        if (['CAPTURE_INVALID', 'CAPTURE_EXPIRED', 'NO_FACE', 'MULTIPLE_FACES'].includes(e.code)) setShot(null);
      }
    }
  };

  return (
    <>
      <h1>{t('录入身份证明文件')}</h1>
      <div className="hint">
        {t(
          '您不是中国大陆居民（或选择不使用人脸识别），请录入身份证明文件并拍摄其照片页。身份核验会进行两次，第二次在最后提交资料时。',
        )}
      </div>
      <Form layout="vertical" mode="card">
        <Form.Item label={t('证件类型')}>
          <Selector
            columns={1}
            options={KINDS.map((k) => ({ ...k, label: t(k.label) }))}
            value={kind ? [kind] : []}
            onChange={(v) => v[0] && setKind(v[0])}
            aria-label={t('证件类型')}
          />
        </Form.Item>
        <Form.Item label={t('证件号码')}>
          <Input
            aria-label={t('证件号码')}
            value={number}
            onChange={setNumber}
            placeholder={t('如 X12345678')}
            autoComplete="off"
          />
        </Form.Item>
        <Form.Item label={t('证件上的姓名')}>
          <Input
            aria-label={t('证件上的姓名')}
            value={name}
            onChange={setName}
            placeholder={t('与合同中登记的一致')}
            autoComplete="name"
          />
        </Form.Item>
        {kind === 'PASSPORT' && (
          <>
            <Form.Item label={t('机读码第一行')} description={t('护照资料页底部第一行，44 个字符')}>
              <Input
                aria-label={t('机读码第一行')}
                value={mrz1}
                onChange={setMrz1}
                maxLength={44}
                autoComplete="off"
                style={{ fontFamily: 'monospace' }}
              />
            </Form.Item>
            <Form.Item label={t('机读码第二行')} description={t('第二行，44 个字符')}>
              <Input
                aria-label={t('机读码第二行')}
                value={mrz2}
                onChange={setMrz2}
                maxLength={44}
                autoComplete="off"
                style={{ fontFamily: 'monospace' }}
              />
            </Form.Item>
          </>
        )}
      </Form>
      <div className="card">
        <div>
          {t('证件照片页')}：
          {shot ? (
            <span style={{ color: '#389e0d' }}>{t('已拍摄')}</span>
          ) : (
            <span className="muted">{t('未拍摄')}</span>
          )}
        </div>
        <Button block onClick={() => void openCamera()}>
          {shot ? t('重新拍摄证件照片页') : t('拍摄证件照片页')}
        </Button>
      </div>
      {violations.length > 1 && (
        <ul className="error-box" style={{ margin: 0, paddingLeft: 28 }}>
          {violations.map((v) => (
            <li key={v.field + v.code}>{v.message}</li>
          ))}
        </ul>
      )}
      <ErrorNote message={error} />
      {pct !== null && (
        <div className="progress-line">
          {t('上传中')} {pct}%
        </div>
      )}
      <Button block color="primary" size="large" loading={pct !== null} onClick={() => void submit()}>
        {t('提交核验')}
      </Button>
      {camera && (
        <CameraCapture
          title={t('拍摄证件照片页')}
          tip="请将证件照片页放入框内，保证文字和人像清晰"
          facing="environment"
          guide="card"
          onCancel={() => setCamera(null)}
          upload={async (photo) => {
            setShot({ photo, token: camera.token });
            setCamera(null);
          }}
        />
      )}
    </>
  );
}
