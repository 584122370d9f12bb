import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { channelNames } from './src-main/api/contract';

/**
 * Where the build goes: out/, or PLAN_DESK_OUT (a folder in the repository) so that parallel work on one machine
 * can build and test without overwriting each other. Set for all three parts: electron-vite's --outDir flag would
 * put the renderer under its root (src-renderer/DIR) instead.
 */
const out = resolve(process.env.PLAN_DESK_OUT ?? 'out');

// Entries live outside electron-vite's default src/main|preload|renderer layout, so each is named here.
export default defineConfig({
  main: {
    build: {
      outDir: resolve(out, 'main'),
      rollupOptions: {
        input: {
          index: resolve('src-main/index.ts'),
          // Browser mode: the same services behind an HTTP door, run by plain Node.
          serve: resolve('src-main/server/serve-cli.ts'),
          // Excel parsing runs in a worker thread with its own memory limit (src-main/exchange/xlsx-reader.ts).
          'xlsx-read.worker': resolve('src-main/exchange/xlsx-read.worker.mjs'),
          // So does .docx parsing (src-main/plan-import/docx-reader.ts).
          'docx-read.worker': resolve('src-main/plan-import/docx-read.worker.mjs'),
          // Excel exports (src-main/reports/export-runner.ts) and the start-up integrity check (src-main/db/integrity.ts)
          // run off the main thread too.
          'export.worker': resolve('src-main/reports/export.worker.ts'),
          'integrity.worker': resolve('src-main/db/integrity.worker.mjs'),
          // Backups are written by a worker too (src-main/db/backup-file.ts).
          'backup.worker': resolve('src-main/db/backup.worker.mjs'),
          // And the checkpoint after a large write (src-main/db/wal-checkpoint.ts).
          'checkpoint.worker': resolve('src-main/db/checkpoint.worker.mjs'),
          // And report attachments (src-main/progress/attachment-writer.ts).
          'attachment-write.worker': resolve('src-main/progress/attachment-write.worker.mjs'),
        },
      },
    },
  },
  preload: {
    // The preload's channel list comes from the contract itself, so adding a channel touches no hand-kept list.
    define: { __PLAN_DESK_CHANNELS__: JSON.stringify(channelNames) },
    build: {
      outDir: resolve(out, 'preload'),
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
      // electron-vite leaves bundles unminified by default; the renderer is loaded on every start, so minify it.
      minify: true,
      outDir: resolve(out, 'renderer'),
      rollupOptions: { input: resolve('src-renderer/index.html') },
    },
  },
});
