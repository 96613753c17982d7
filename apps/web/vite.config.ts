/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API server listens on 8080; in dev the web app reaches it through this proxy
// so both share one origin, as they will in production.
const apiTarget = process.env.SEGFLOW_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: true } },
  },
  preview: {
    proxy: { '/api': { target: apiTarget, changeOrigin: true } },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
