import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * Builds the bench as a plain Node program (bench/dist/run.js) so it runs the app's TypeScript services with the
 * same import.meta.glob migrations and ?raw plan text as the app bundle, without a test runner in between.
 * node_modules stay external (SSR build default), so exceljs and better-sqlite3 are the installed ones.
 */
const root = resolve(import.meta.dirname, '..');

export default defineConfig({
  root,
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: resolve(root, 'bench/dist'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: {
      input: {
        run: resolve(root, 'bench/run.ts'),
        // The Excel reader starts this file as a worker beside the bundle (see src-main/exchange/xlsx-reader.ts).
        'xlsx-read.worker': resolve(root, 'src-main/exchange/xlsx-read.worker.mjs'),
        // The exports and the start-up integrity check run in these (src-main/reports/export-runner.ts, db/integrity.ts).
        'export.worker': resolve(root, 'src-main/reports/export.worker.ts'),
        'integrity.worker': resolve(root, 'src-main/db/integrity.worker.mjs'),
        // Backups are written in this one (src-main/db/backup-file.ts).
        'backup.worker': resolve(root, 'src-main/db/backup.worker.mjs'),
        // And the checkpoint after a large write (src-main/db/wal-checkpoint.ts).
        'checkpoint.worker': resolve(root, 'src-main/db/checkpoint.worker.mjs'),
        // And report attachments (src-main/progress/attachment-writer.ts).
        'attachment-write.worker': resolve(root, 'src-main/progress/attachment-write.worker.mjs'),
      },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
