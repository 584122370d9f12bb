import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Entries live outside electron-vite's default src/main|preload|renderer layout, so each is named here.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('src-main/index.ts'),
          // Browser mode: the same services behind an HTTP door, run by plain Node.
          serve: resolve('src-main/server/serve-cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { preload: resolve('src-main/preload.ts') },
        // A sandboxed preload must be CommonJS; an .mjs preload would need sandbox: false.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src-renderer'),
    plugins: [react()],
    build: {
      rollupOptions: { input: resolve('src-renderer/index.html') },
    },
  },
});
