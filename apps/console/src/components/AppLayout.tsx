import type { ReactNode } from 'react';
import { Layout, Menu, Space, Button, Typography, Tag } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth, type Role } from '../auth/auth';
import { useLiveUpdates } from '../api/live';

const MENU: Record<Role, { key: string; label: string }[]> = {
  seller_clerk: [
    { key: '/contracts', label: 'nav.contracts' },
    { key: '/contracts/new', label: 'nav.newContract' },
  ],
  notary: [{ key: '/notary/cases', label: 'nav.cases' }],
  center_clerk: [{ key: '/filings', label: 'nav.filings' }],
  admin: [
    { key: '/admin/organisations', label: 'nav.organisations' },
    { key: '/admin/users', label: 'nav.users' },
    { key: '/admin/projects', label: 'nav.projects' },
    { key: '/admin/keys', label: 'nav.keys' },
    { key: '/admin/calendar', label: 'nav.calendar' },
  ],
};

/** Each user sees the area of their role: 网签 · 公证 · 备案 · 管理. */
export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me, logout } = useAuth();
  const nav = useNavigate();
  const loc = useLocation();
  useLiveUpdates(Boolean(me));
  if (!me) return null;
  const items = MENU[me.role];
  const selected =
    [...items]
      .sort((a, b) => b.key.length - a.key.length)
      .find((i) => loc.pathname === i.key || (loc.pathname.startsWith(i.key + '/') && i.key !== '/contracts'))?.key ??
    (loc.pathname.startsWith('/contracts') ? '/contracts' : items[0].key);
  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, paddingInline: 24 }} className="no-print">
        <span className="brand">
          {t('app.title')} · {t('app.console')}
        </span>
        <Tag color="#b8322a" style={{ fontSize: 14, padding: '2px 10px' }} data-testid="area">
          {t(`area.${me.role}`)}
        </Tag>
        <div style={{ flex: 1 }} />
        <Space style={{ color: '#ddd' }}>
          <span>{me.orgName}</span>
          <span>{me.name}</span>
          <Button
            size="small"
            onClick={async () => {
              await logout();
              nav('/login');
            }}
          >
            {t('app.logout')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} theme="light" className="no-print">
          <Menu
            mode="inline"
            selectedKeys={[selected]}
            style={{ height: '100%', borderInlineEnd: 0 }}
            items={[
              {
                type: 'group',
                key: 'area',
                label: t(`area.${me.role}`),
                children: items.map((i) => ({ key: i.key, label: <Link to={i.key}>{t(i.label)}</Link> })),
              },
              {
                type: 'group',
                key: 'public',
                label: '公众服务',
                children: [
                  {
                    key: 'query',
                    label: (
                      <a href="/console/query" target="_blank" rel="noreferrer">
                        {t('nav.query')}
                      </a>
                    ),
                  },
                  {
                    key: 'verify',
                    label: (
                      <a href="/verify" target="_blank" rel="noreferrer">
                        {t('nav.verify')}
                      </a>
                    ),
                  },
                ],
              },
            ]}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>
          {children}
          <Typography.Paragraph type="secondary" style={{ marginTop: 32, fontSize: 12 }} className="no-print">
            {t('app.title')}
          </Typography.Paragraph>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
