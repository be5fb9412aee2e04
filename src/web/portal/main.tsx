// The residents' portal (/portal), mobile first: submit a request (type, category, place,
// description, up to 9 photos, contact or anonymous, confidential or not) and get its code and
// check; track it by code and check, read the replies, rate the result, ask to reopen.
import { createRoot } from 'react-dom/client';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Link, Route, Routes, useLocation } from 'react-router-dom';
import { Spin } from 'antd';
import '../shared/app.css';
import './portal.css';
import { Providers } from '../shared/Providers.tsx';
import { useI18n } from '../shared/i18n.tsx';
import { LangSwitch } from '../shared/LangSwitch.tsx';
import { Home } from './Home.tsx';

const Submit = lazy(() => import('./Submit.tsx'));
const Track = lazy(() => import('./Track.tsx'));

function Shell() {
  const { t } = useI18n();
  const loc = useLocation();
  return (
    <div className="portal">
      <header className="portal-header">
        <Link to="/" className="portal-brand">{t('12345 市民诉求')}</Link>
        <LangSwitch />
      </header>
      <main className="portal-main">
        <Suspense fallback={<Spin />}>
          <Routes location={loc}>
            <Route path="/" element={<Home />} />
            <Route path="/submit" element={<Submit />} />
            <Route path="/track" element={<Track />} />
            <Route path="*" element={<Home />} />
          </Routes>
        </Suspense>
      </main>
      <footer className="portal-footer">{t('紧急情况请拨打 110、119、120。非紧急诉求也可拨打 12345 热线。')}</footer>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <Providers>
    <BrowserRouter basename="/portal">
      <Shell />
    </BrowserRouter>
  </Providers>,
);
