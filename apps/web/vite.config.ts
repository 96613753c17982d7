/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';

// The API server listens on 8080; in dev the web app reaches it through this proxy
// so both share one origin, as they will in production. The server accepts changes
// only from its own origin (loopback on its port, or SEGFLOW_PUBLIC_ORIGIN), so a
// request from a page of this dev server, on loopback, is sent on as from the API's
// own origin; any other Origin goes on as it came, and is refused there.
const apiTarget = process.env.SEGFLOW_API_URL ?? 'http://127.0.0.1:8080';

const devPageOrigin = (port: number | undefined) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`];
const api: ProxyOptions = {
  target: apiTarget,
  changeOrigin: false,
  configure: (proxy) =>
    proxy.on('proxyReq', (proxyReq, req) => {
      const origin = req.headers.origin?.toLowerCase();
      if (origin && devPageOrigin(req.socket.localPort).includes(origin)) proxyReq.setHeader('origin', new URL(apiTarget).origin);
    }),
};

export default defineConfig({
  plugins: [react()],
  // One editor page: React Flow, zod and the engine load together anyway; the chart
  // library is split off (lazy) since only the mode comparison needs it.
  build: { chunkSizeWarningLimit: 900 },
  // The API reference page (/docs/api/) is the server's too.
  server: {
    proxy: { '/api': api, '/docs/api': api },
  },
  preview: {
    proxy: { '/api': api, '/docs/api': api },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
