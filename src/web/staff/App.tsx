// The staff workbenches: log in, then each role's screens in one layout. Pages are loaded on
// first visit (React.lazy), so an operator's browser never downloads the admin screens.
import { lazy, Suspense, useCallback, useEffect, useState, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Badge, Button, Layout, Menu, Result, Spin, Tooltip } from 'antd';
import {
  AlertOutlined, AppstoreOutlined, BookOutlined, CalendarOutlined, DashboardOutlined, FileSearchOutlined,
  InboxOutlined, LogoutOutlined, PhoneOutlined, SendOutlined, SettingOutlined, TeamOutlined, ApartmentOutlined, BranchesOutlined,
  FieldTimeOutlined, CustomerServiceOutlined, EnvironmentOutlined, FundOutlined, FileTextOutlined,
} from '@ant-design/icons';
import * as api from '../shared/api.ts';
import { useI18n } from '../shared/i18n.tsx';
import { LangSwitch } from '../shared/LangSwitch.tsx';
import { startLive, stopLive, useLiveStatus } from '../shared/live.ts';
import { roleLabel } from '../shared/labels.ts';
import { Login } from './Login.tsx';
import { Session } from './session.ts';

const Intake = lazy(() => import('./pages/Intake.tsx'));
const Dispatch = lazy(() => import('./pages/Dispatch.tsx'));
const Inbox = lazy(() => import('./pages/Inbox.tsx'));
const Callback = lazy(() => import('./pages/Callback.tsx'));
const Supervise = lazy(() => import('./pages/Supervise.tsx'));
const Dashboard = lazy(() => import('./pages/Dashboard.tsx'));
const Overview = lazy(() => import('./pages/Overview.tsx'));
const Reports = lazy(() => import('./pages/Reports.tsx'));
const Orders = lazy(() => import('./pages/Orders.tsx'));
const OrderDetail = lazy(() => import('./pages/OrderDetail.tsx'));
const Knowledge = lazy(() => import('./pages/admin/Knowledge.tsx'));
const AdminUnits = lazy(() => import('./pages/admin/Units.tsx'));
const AdminUsers = lazy(() => import('./pages/admin/Users.tsx'));
const AdminCategories = lazy(() => import('./pages/admin/Categories.tsx'));
const AdminTerritories = lazy(() => import('./pages/admin/Territories.tsx'));
const AdminLimits = lazy(() => import('./pages/admin/Limits.tsx'));
const AdminRouting = lazy(() => import('./pages/admin/Routing.tsx'));
const AdminCalendar = lazy(() => import('./pages/admin/Calendar.tsx'));
const AdminSettings = lazy(() => import('./pages/admin/Settings.tsx'));

// ---- the screens; each user's menu is the desk the session gives (src/policy/desks.ts) ---------

interface MenuEntry {
  path: string;
  zh: string;
  icon: ReactNode;
  element: ReactNode;
}

const E = {
  intake: { path: '/intake', zh: '受理台', icon: <PhoneOutlined />, element: <Intake /> },
  dispatch: { path: '/dispatch', zh: '派单台', icon: <SendOutlined />, element: <Dispatch /> },
  inbox: { path: '/inbox', zh: '待办工单', icon: <InboxOutlined />, element: <Inbox /> },
  callback: { path: '/callback', zh: '回访台', icon: <CustomerServiceOutlined />, element: <Callback /> },
  supervise: { path: '/supervise', zh: '督办台', icon: <AlertOutlined />, element: <Supervise /> },
  dashboard: { path: '/dashboard', zh: '领导大屏', icon: <FundOutlined />, element: <Dashboard /> },
  overview: { path: '/overview', zh: '今日概览', icon: <DashboardOutlined />, element: <Overview /> },
  reports: { path: '/reports', zh: '报告', icon: <FileTextOutlined />, element: <Reports /> },
  orders: { path: '/orders', zh: '工单查询', icon: <FileSearchOutlined />, element: <Orders /> },
  knowledge: { path: '/knowledge', zh: '知识库', icon: <BookOutlined />, element: <Knowledge /> },
  units: { path: '/admin/units', zh: '单位管理', icon: <ApartmentOutlined />, element: <AdminUnits /> },
  users: { path: '/admin/users', zh: '用户管理', icon: <TeamOutlined />, element: <AdminUsers /> },
  categories: { path: '/admin/categories', zh: '诉求分类', icon: <AppstoreOutlined />, element: <AdminCategories /> },
  territories: { path: '/admin/territories', zh: '区域网格', icon: <EnvironmentOutlined />, element: <AdminTerritories /> },
  limits: { path: '/admin/limits', zh: '时限规则', icon: <FieldTimeOutlined />, element: <AdminLimits /> },
  routing: { path: '/admin/routing', zh: '派单规则', icon: <BranchesOutlined />, element: <AdminRouting /> },
  calendar: { path: '/admin/calendar', zh: '节假日', icon: <CalendarOutlined />, element: <AdminCalendar /> },
  settings: { path: '/admin/settings', zh: '预警设置', icon: <SettingOutlined />, element: <AdminSettings /> },
} satisfies Record<api.Screen, MenuEntry>;

function LiveDot() {
  const s = useLiveStatus();
  const { t } = useI18n();
  const text = s === 'open' ? t('实时更新已连接') : t('实时更新连接中…');
  return (
    <Tooltip title={text}>
      <Badge status={s === 'open' ? 'success' : 'warning'} text={<span style={{ color: '#fff' }}>{s === 'open' ? t('实时') : t('连接中')}</span>} />
    </Tooltip>
  );
}

function Shell({ user, onLogout }: { user: api.SessionUser; onLogout: () => void }) {
  const { t, locale } = useI18n();
  const nav = useNavigate();
  const loc = useLocation();
  const entries = user.desk.map((screen) => E[screen]);
  const selected = entries.find((e) => loc.pathname === e.path || loc.pathname.startsWith(e.path + '/'))?.path ?? '';
  useEffect(() => {
    startLive();
    return () => stopLive();
  }, []);
  useEffect(() => {
    const title = entries.find((e) => e.path === selected)?.zh;
    document.title = `${title ? t(title) + ' · ' : ''}${t('民声 · 12345 工作台')}`;
  }, [selected, locale, entries, t]);
  return (
    <Session.Provider value={{ user, logout: onLogout }}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header className="app-header">
          <span className="brand">{t('民声')}<small>{t('12345 政务服务便民热线')}</small></span>
          <span className="spacer" />
          <LiveDot />
          <LangSwitch />
          <span className="who" data-testid="who">{user.name} · {roleLabel(user.role, locale)} · {user.unitName}</span>
          <Button size="small" icon={<LogoutOutlined />} onClick={onLogout}>{t('退出')}</Button>
        </Layout.Header>
        <Layout>
          <Layout.Sider width={168} theme="light" breakpoint="lg" collapsedWidth={48}>
            <Menu
              mode="inline"
              selectedKeys={[selected]}
              items={entries.map((e) => ({ key: e.path, icon: e.icon, label: t(e.zh) }))}
              onClick={(i) => nav(i.key)}
              style={{ height: '100%', borderInlineEnd: 0 }}
            />
          </Layout.Sider>
          <Layout.Content>
            <Suspense fallback={<div className="page"><Spin /></div>}>
              <Routes>
                <Route path="/" element={<Navigate to={entries[0]!.path} replace />} />
                {entries.map((e) => <Route key={e.path} path={e.path} element={e.element} />)}
                <Route path="/orders/:id" element={<OrderDetail />} />
                <Route path="*" element={<Result status="404" title={t('没有这个页面')} extra={<Button onClick={() => nav('/')}>{t('返回首页')}</Button>} />} />
              </Routes>
            </Suspense>
          </Layout.Content>
        </Layout>
      </Layout>
    </Session.Provider>
  );
}

export function StaffApp() {
  const [user, setUser] = useState<api.SessionUser | null | undefined>(undefined);
  useEffect(() => {
    api.session().then((s) => setUser(s.user), () => setUser(null));
    return api.onUnauthenticated(() => setUser(null));
  }, []);
  const logout = useCallback(() => {
    stopLive();
    api.logout().finally(() => setUser(null));
  }, []);
  if (user === undefined) return <div className="page"><Spin /></div>;
  return (
    <BrowserRouter>
      {user ? <Shell user={user} onLogout={logout} /> : <Login onLogin={setUser} />}
    </BrowserRouter>
  );
}

