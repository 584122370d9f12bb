import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDirFromArgs, todayFromArgs } from './command-line';

const CWD = resolve('/home/user/plan-desk');

describe('dataDirFromArgs', () => {
  it('is undefined without the flag', () => {
    expect(dataDirFromArgs(['/usr/bin/electron', '.'], CWD)).toBeUndefined();
    expect(dataDirFromArgs([], CWD)).toBeUndefined();
  });

  it('reads an absolute folder', () => {
    expect(dataDirFromArgs(['electron', '.', '--data-dir=/tmp/e2e-1'], CWD)).toBe(resolve('/tmp/e2e-1'));
  });

  it('resolves a relative folder against the working directory', () => {
    expect(dataDirFromArgs(['electron', '.', '--data-dir=test-data'], CWD)).toBe(resolve(CWD, 'test-data'));
  });

  it('keeps spaces, `=` and Chinese characters in the path', () => {
    expect(dataDirFromArgs(['--data-dir=/tmp/规划 数据/a=b'], CWD)).toBe(resolve('/tmp/规划 数据/a=b'));
  });

  it('lets the last occurrence win', () => {
    expect(dataDirFromArgs(['--data-dir=/tmp/a', '--data-dir=/tmp/b'], CWD)).toBe(resolve('/tmp/b'));
  });

  it('also reads the space-separated form browser mode accepts', () => {
    expect(dataDirFromArgs(['electron', '.', '--data-dir', '/tmp/e2e-2'], CWD)).toBe(resolve('/tmp/e2e-2'));
    expect(dataDirFromArgs(['--data-dir', '/tmp/a', '--data-dir=/tmp/b'], CWD)).toBe(resolve('/tmp/b'));
  });

  it('ignores look-alike flags', () => {
    expect(dataDirFromArgs(['--data-directory=/tmp/x', '-data-dir=/tmp/z', '--data-dirs', '/tmp/y'], CWD)).toBeUndefined();
  });

  it('refuses an empty value instead of falling back to the real data folder', () => {
    expect(() => dataDirFromArgs(['--data-dir='], CWD)).toThrow(/--data-dir/);
    expect(() => dataDirFromArgs(['--data-dir=  '], CWD)).toThrow(/数据文件夹/);
    expect(() => dataDirFromArgs(['electron', '.', '--data-dir'], CWD)).toThrow(/--data-dir/);
    expect(() => dataDirFromArgs(['--data-dir', '--port=4000'], CWD)).toThrow(/--data-dir/);
  });
});

describe('todayFromArgs', () => {
  it('reads --today=YYYY-MM-DD (the last one wins), undefined without it, and refuses another shape', () => {
    expect(todayFromArgs(['electron', '.'])).toBeUndefined();
    expect(todayFromArgs(['.', '--today=2026-01-02', '--today=2026-12-07'])).toBe('2026-12-07');
    expect(() => todayFromArgs(['--today=下周一'])).toThrow(/--today/);
  });
});
