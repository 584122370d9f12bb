import type { Migration } from './migrator';

/** Bundled SQL files (path → text) as migrations in version order: the SQLite ones and the PostgreSQL ones alike. */
export function migrationsOf(files: Record<string, string>): Migration[] {
  return Object.entries(files)
    .map(([path, sql]) => {
      const name = path.split('/').pop()!.replace(/\.sql$/u, '');
      const version = Number(name.match(/^(\d+)_/u)?.[1]);
      if (!Number.isInteger(version) || version <= 0) throw new Error(`迁移文件名必须以编号开头：${name}`);
      return { version, name, sql };
    })
    .sort((a, b) => a.version - b.version);
}
