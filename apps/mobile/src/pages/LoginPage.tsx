import { useEffect, useState } from 'react';
import { Button, Form, Input, Toast } from 'antd-mobile';
import { TopBar } from '../components/TopBar';
import { useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ZBuyerMe, ZOtpSent } from '@netsign/api';
import { errorMessage, post, setCsrfToken } from '../lib/api';
import { ErrorNote } from '../components/ErrorNote';

/** Sign-in by phone number and one-time SMS code. */
export function LoginPage() {
  const { t } = useTranslation();
  const nav = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const next = params.get('next') || '/';
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [cooldown, setCooldown] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (cooldown <= 0) return;
    const id = setTimeout(() => setCooldown((c) => c - 1), 1000);
    return () => clearTimeout(id);
  }, [cooldown]);

  const sendCode = async () => {
    setError(null);
    if (!/^\+?\d{6,15}$/.test(phone.trim())) return setError(t('请输入正确的手机号码（合同中登记的本人手机号）'));
    try {
      await post('/api/buyer/otp', { phone: phone.trim() }, {}, ZOtpSent);
      setCooldown(60);
      Toast.show({ content: t('验证码已发送') });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const login = async () => {
    setError(null);
    if (!/^\d{6}$/.test(code.trim())) return setError(t('请输入短信中的 6 位验证码'));
    setBusy(true);
    try {
      const me = await post('/api/buyer/login', { phone: phone.trim(), code: code.trim() }, {}, ZBuyerMe);
      setCsrfToken(me.csrfToken);
      qc.setQueryData(['me'], me);
      nav(next, { replace: true });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <TopBar onBack={() => nav(-1)}>{t('登录')}</TopBar>
      <div className="page">
        <div className="hint">{t('请使用合同中登记的本人手机号登录。')}</div>
        <Form layout="vertical" mode="card">
          <Form.Item label={t('手机号')}>
            <Input
              aria-label={t('手机号')}
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              placeholder={t('请输入手机号')}
              value={phone}
              onChange={setPhone}
              clearable
            />
          </Form.Item>
          <Form.Item
            label={t('验证码')}
            extra={
              <Button size="small" fill="none" color="primary" disabled={cooldown > 0} onClick={sendCode}>
                {cooldown > 0 ? t('{{n}} 秒后重新获取', { n: cooldown }) : t('获取验证码')}
              </Button>
            }
          >
            <Input
              aria-label={t('验证码')}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              placeholder={t('6 位数字')}
              value={code}
              onChange={setCode}
            />
          </Form.Item>
        </Form>
        <ErrorNote message={error} />
        <Button block color="primary" size="large" loading={busy} onClick={login}>
          {t('登录')}
        </Button>
      </div>
    </>
  );
}
