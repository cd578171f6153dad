import { Button } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../components/LanguagePicker';

/** 首页: the mini-program's front page. */
export function HomePage() {
  const { t } = useTranslation();
  const nav = useNavigate();
  return (
    <div className="page">
      <div className="hero">
        <h1>{t('商品房电子公证网签')}</h1>
        <div>{t('异地购房，在线核验身份、阅读合同、签名，由公证处出具公证书')}</div>
      </div>
      <Button block color="primary" size="large" onClick={() => nav('/scan')}>
        {t('一手房签约公证')}
      </Button>
      <div className="card">
        <h2>{t('办理流程')}</h2>
        <ol className="hint" style={{ margin: 0, paddingLeft: 20 }}>
          <li>{t('扫描开发企业出示的二维码')}</li>
          <li>{t('选中本人，核验身份')}</li>
          <li>{t('阅读四份文件，同意继续')}</li>
          <li>{t('拍摄证件照片、手写电子签名')}</li>
          <li>{t('再次核验身份，提交申请')}</li>
        </ol>
      </div>
      <Button block fill="outline" onClick={() => nav('/mine')}>
        {t('我的申请记录')}
      </Button>
      <LanguagePicker />
    </div>
  );
}
