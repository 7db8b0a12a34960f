import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The C# backend listens on :5000 and serves the built app from `dist/`; in development Vite serves the
// app and forwards the API and the Socket.IO endpoint (including its WebSocket upgrade) to the backend.
const backend = process.env.BACKEND_URL ?? 'http://localhost:5000';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/socket.io': { target: backend, changeOrigin: true, ws: true },
    },
  },
  build: {
    outDir: 'dist',
  },
  test: {
    environment: 'jsdom',
    // Only unit tests: the browser scenario in e2e/ runs under node:test against a live backend.
    include: ['src/**/*.test.{js,jsx}'],
    setupFiles: ['src/test/setup.js'],
    mockReset: true,
  },
});
