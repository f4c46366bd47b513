import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './i18n/index.ts';
import './styles.css';
import { AppProviders } from './app/providers.tsx';

// After the first language's strings are in: a remembered 简体中文 never flashes English first.
void i18nReady.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <AppProviders />
    </StrictMode>,
  ),
);
