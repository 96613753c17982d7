/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API server listens on 8080; in dev the web app reaches it through this proxy
// so both share one origin, as they will in production. The Host header is passed on
// unchanged: the server accepts changes only from its own origin (Origin = Host).
const apiTarget = process.env.SEGFLOW_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  // One editor page: React Flow, zod and the engine load together anyway; the chart
  // library is split off (lazy) since only the mode comparison needs it.
  build: { chunkSizeWarningLimit: 900 },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
