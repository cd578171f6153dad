import { Button, Result } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TApplicationView as ApplicationView } from '@netsign/api';

/** 申请成功, or where the application now stands once the notary decided. */
export function DoneStep({ app, justSubmitted }: { app: ApplicationView; justSubmitted: boolean }) {
  const { t } = useTranslation();
  const nav = useNavigate();
  const status = app.status;
  return (
    <>
      {status === '待审核' && (
        <Result
          status="success"
          title={t('申请成功')}
          description={t(
            '您的公证申请已提交，公证处将在 15 个工作日内审核。可在「我的」查看审批状态，或订阅消息获取结果。',
          )}
        />
      )}
      {status === '已通过' && (
        <Result
          status="success"
          title={t('已通过')}
          description={t('公证处已审核通过并出具公证书：{{no}}', { no: app.certificateNumber ?? '' })}
        />
      )}
      {status === '已驳回' && (
        <Result status="error" title={t('已驳回')} description={`${t('驳回原因')}：${app.reason ?? ''}`} />
      )}
      <div className="card">
        <div>{app.unit}</div>
        <div className="muted">
          {t('业务号')}：{app.businessNo}
        </div>
        <div className="muted">
          {t('买受人')}：{app.buyerName}
        </div>
      </div>
      {status === '已通过' && (
        <a
          className="adm-button adm-button-primary adm-button-block adm-button-large"
          style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', textDecoration: 'none' }}
          href={`/api/buyer/applications/${app.id}/certificate`}
        >
          {t('查看公证书')}
        </a>
      )}
      <Button block color="primary" size="large" onClick={() => nav('/')}>
        {t('完成，返回首页')}
      </Button>
      {!justSubmitted && (
        <Button block size="large" onClick={() => nav('/mine')}>
          {t('我的申请记录')}
        </Button>
      )}
    </>
  );
}
