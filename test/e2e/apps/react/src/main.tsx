import { html, render } from 'lit';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { configure } from 'kith-elements';
import 'kith-elements/rating'; // defines <kith-rating> before React renders it, so React sets its properties
import { App } from './App.tsx';

configure({ site: import.meta.env.VITE_KITH_SITE, api: import.meta.env.VITE_KITH_API });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The app uses Lit itself as well (its footer): its bundle must still hold one copy of Lit.
render(html`<p>Footer drawn by Lit</p>`, document.getElementById('footer')!);
