import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPgTool, libpqEnv, runPgTool, serverMajorOf } from './pg-tools';
import { restoreNames } from './postgres-databases';

/** The pieces of PostgreSQL backups that need no server: which tool runs, what it is given, the databases' names. */

describe('pg_dump and pg_restore', () => {
  it('are the server major version’s, else the oldest newer one installed, never an older one', () => {
    const root = mkdtempSync(join(tmpdir(), 'plan-desk-pg-bin-'));
    for (const version of ['13', '15', '16']) {
      mkdirSync(join(root, version, 'bin'), { recursive: true });
      writeFileSync(join(root, version, 'bin', 'pg_dump'), '');
    }
    expect(findPgTool('pg_dump', 15, root)).toBe(join(root, '15', 'bin', 'pg_dump'));
    expect(findPgTool('pg_dump', 14, root)).toBe(join(root, '15', 'bin', 'pg_dump'));
    expect(() => findPgTool('pg_dump', 17, root)).toThrow(/找不到 PostgreSQL 17 或更新版本的 pg_dump.*postgresql-client-17/u);
    expect(() => findPgTool('pg_restore', 15, root)).toThrow(/pg_restore/u);
    expect(serverMajorOf('150004')).toBe(15);
    expect(serverMajorOf(170000)).toBe(17);
  });

  it('receive the connection, password included, in libpq’s environment only; the app’s own PG settings do not leak in', async () => {
    const url = 'postgres://plan%20desk:s%3Acret%40pw@db.example:6543/规划?sslmode=require';
    expect(libpqEnv(url)).toMatchObject({ PGHOST: 'db.example', PGPORT: '6543', PGUSER: 'plan desk', PGPASSWORD: 's:cret@pw', PGDATABASE: '规划', PGSSLMODE: 'require' });
    // A socket folder given as libpq's host parameter (the test clusters'), and another database of the same server.
    expect(libpqEnv('postgres://postgres@localhost:5432/app?host=%2Ftmp%2Fpg', 'postgres')).toMatchObject({ PGHOST: '/tmp/pg', PGDATABASE: 'postgres' });
    expect(libpqEnv('postgres://postgres@localhost/app')).not.toHaveProperty('PGPASSWORD');

    // A stand-in tool that reports what it was started with: the arguments it was given and the PG variables it sees.
    const dir = mkdtempSync(join(tmpdir(), 'plan-desk-pg-tool-'));
    const tool = join(dir, 'pg_dump');
    writeFileSync(tool, `#!${process.execPath}\nconsole.log(JSON.stringify({ args: process.argv.slice(2), env: Object.keys(process.env).filter((k) => k.startsWith('PG')).sort() }));\n`);
    chmodSync(tool, 0o755);
    let out = '';
    process.env.PGOPTIONS = '-c statement_timeout=1';
    try {
      await runPgTool(tool, ['--format=custom'], libpqEnv(url), { onStdout: (chunk) => (out += chunk.toString()) });
    } finally {
      delete process.env.PGOPTIONS;
    }
    const seen = JSON.parse(out) as { args: string[]; env: string[] };
    expect(seen.args.join(' ')).not.toMatch(/cret|postgres:\/\//u);
    expect(seen.env).toContain('PGPASSWORD');
    // The app's own environment does not steer the tool to another server or setting.
    expect(seen.env).not.toContain('PGOPTIONS');
  });

  it('report a failure with the tool’s own words', async () => {
    await expect(runPgTool('/nonexistent/pg_dump', [], {})).rejects.toThrow(/无法启动/u);
  });
});

describe('the databases of a restore', () => {
  it('are named after the current one and the time, within PostgreSQL’s 63 bytes, in whole characters', () => {
    const at = new Date('2026-12-07T12:36:05.123Z');
    expect(restoreNames('plandesk', at)).toEqual({
      restoring: 'plandesk_restoring_20261207_123605_123',
      kept: 'plandesk_before_restore_20261207_123605_123',
    });
    const long = restoreNames('规划督办台数据库'.repeat(4), at);
    expect(Buffer.byteLength(long.kept)).toBeLessThanOrEqual(63);
    expect(long.kept).toMatch(/^规划督办台数据库规_before_restore_20261207_123605_123$/u);
    expect(long.restoring.replace('_restoring_', '_before_restore_')).toBe(long.kept);
  });
});
