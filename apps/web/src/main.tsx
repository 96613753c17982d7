import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The base styles first: feature styles that come with the components refine them.
import './app/app.css';
import { App } from './app/App.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
