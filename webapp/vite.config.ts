import { defineConfig } from 'vite';

/**
 * The console is served by the Tandem node under /console/ (from the jar's webroot/console), so
 * every asset URL starts with /console/. `npm run dev` proxies the API and the agent socket to a
 * node on localhost:8080 (started with `scripts/run.sh`).
 */
const backend = 'http://localhost:8080';

export default defineConfig({
  base: '/console/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // rrweb's replayer is most of the bundle: its own chunk, cached across console releases
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      output: {
        manualChunks: { rrweb: ['@rrweb/replay'] },
      },
    },
  },
  server: {
    proxy: {
      '/api': backend,
      '/ws': { target: backend.replace(/^http/, 'ws'), ws: true },
    },
  },
});
