import { createRoot } from 'react-dom/client';
import '../shared/app.css';
import { Providers } from '../shared/Providers.tsx';
import { StaffApp } from './App.tsx';

createRoot(document.getElementById('root')!).render(
  <Providers compact>
    <StaffApp />
  </Providers>,
);
