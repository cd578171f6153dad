import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The buyer's app, served by the netsign server at /m/ (apps/server/src/http/static-apps.ts).
export default defineConfig({
  root: import.meta.dirname,
  base: '/m/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('pdfjs-dist')) return 'pdfjs';
          if (id.includes('jsqr')) return 'jsqr';
          // 签署 only: pkijs and what it needs, loaded at that step
          if (/node_modules\/(pkijs|asn1js|bytestreamjs|pvtsutils|pvutils|@noble\/hashes|@peculiar\/utils)\//.test(id))
            return 'pki';
          if (id.includes('node_modules')) return 'vendor';
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
