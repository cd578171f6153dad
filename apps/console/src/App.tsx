import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Spin } from 'antd';
import { HOME_OF_ROLE, useAuth, type Role } from './auth/auth';
import { AppLayout } from './components/AppLayout';
import { LoginPage } from './pages/LoginPage';
import { ContractQueryPage } from './pages/public/ContractQueryPage';
import { ContractListPage } from './pages/seller/ContractListPage';
import { NewContractPage } from './pages/seller/NewContractPage';
import { ContractPage } from './pages/seller/ContractPage';
import { CaseInboxPage } from './pages/notary/CaseInboxPage';
import { CasePage } from './pages/notary/CasePage';
import { FilingQueuePage } from './pages/center/FilingQueuePage';
import { FilingPage } from './pages/center/FilingPage';
import { OrganisationsPage } from './pages/admin/OrganisationsPage';
import { UsersPage } from './pages/admin/UsersPage';
import { ProjectsPage } from './pages/admin/ProjectsPage';
import { ProjectPage } from './pages/admin/ProjectPage';
import { KeysPage } from './pages/admin/KeysPage';
import { CalendarPage } from './pages/admin/CalendarPage';
import type { ReactElement } from 'react';

function Guard({ role, children }: { role: Role; children: ReactElement }) {
  const { me } = useAuth();
  if (me && me.role !== role) return <Navigate to={HOME_OF_ROLE[me.role]} replace />;
  return children;
}

export function App() {
  const { me, loading } = useAuth();
  const loc = useLocation();
  if (loc.pathname === '/query') return <ContractQueryPage />;
  if (loading) return <Spin fullscreen tip="加载中…" />;
  if (!me)
    return loc.pathname === '/login' ? (
      <LoginPage />
    ) : (
      <Navigate to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />
    );
  return (
    <AppLayout>
      <Routes>
        <Route path="/" element={<Navigate to={HOME_OF_ROLE[me.role]} replace />} />
        <Route path="/login" element={<Navigate to={HOME_OF_ROLE[me.role]} replace />} />
        <Route
          path="/contracts"
          element={
            <Guard role="seller_clerk">
              <ContractListPage />
            </Guard>
          }
        />
        <Route
          path="/contracts/new"
          element={
            <Guard role="seller_clerk">
              <NewContractPage />
            </Guard>
          }
        />
        <Route
          path="/contracts/:id"
          element={
            <Guard role="seller_clerk">
              <ContractPage />
            </Guard>
          }
        />
        <Route
          path="/notary/cases"
          element={
            <Guard role="notary">
              <CaseInboxPage />
            </Guard>
          }
        />
        <Route
          path="/notary/cases/:id"
          element={
            <Guard role="notary">
              <CasePage />
            </Guard>
          }
        />
        <Route
          path="/filings"
          element={
            <Guard role="center_clerk">
              <FilingQueuePage />
            </Guard>
          }
        />
        <Route
          path="/filings/:id"
          element={
            <Guard role="center_clerk">
              <FilingPage />
            </Guard>
          }
        />
        <Route
          path="/admin/organisations"
          element={
            <Guard role="admin">
              <OrganisationsPage />
            </Guard>
          }
        />
        <Route
          path="/admin/users"
          element={
            <Guard role="admin">
              <UsersPage />
            </Guard>
          }
        />
        <Route
          path="/admin/projects"
          element={
            <Guard role="admin">
              <ProjectsPage />
            </Guard>
          }
        />
        <Route
          path="/admin/keys"
          element={
            <Guard role="admin">
              <KeysPage />
            </Guard>
          }
        />
        <Route
          path="/admin/calendar"
          element={
            <Guard role="admin">
              <CalendarPage />
            </Guard>
          }
        />
        <Route
          path="/admin/projects/:id"
          element={
            <Guard role="admin">
              <ProjectPage />
            </Guard>
          }
        />
        <Route path="*" element={<Navigate to={HOME_OF_ROLE[me.role]} replace />} />
      </Routes>
    </AppLayout>
  );
}
