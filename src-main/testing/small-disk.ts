import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real small disk: a tmpfs of `megabytes` MB mounted on a fresh folder, so a test meets ENOSPC from the kernel the way
 * a full disk would give it (SQLite's max_page_count only imitates it, and SQLite handles the two differently).
 * Needs root (CI runs as root). Returns why not otherwise; under CI=true the caller must fail, not skip.
 */
export type SmallDisk = { dir: string; fill(leaveBytes: number): void; free(): number; unmount(): void };

export function mountSmallDisk(megabytes: number): SmallDisk | { unavailable: string } {
  if (process.platform !== 'linux') return { unavailable: `需要 Linux 的 tmpfs（当前 ${process.platform}）` };
  if (process.getuid?.() !== 0) return { unavailable: '需要 root 权限才能挂载 tmpfs' };
  const dir = mkdtempSync(join(tmpdir(), 'plan-desk-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { unavailable: `无法挂载 tmpfs：${error instanceof Error ? error.message : String(error)}` };
  }
  const filler = join(dir, 'filler.bin');
  const free = () => {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  };
  return {
    dir,
    free,
    /** Fills the disk until only about `leaveBytes` are free (whole pages). */
    fill(leaveBytes) {
      const fd = openSync(filler, 'a');
      try {
        const chunk = Buffer.alloc(64 * 1024, 1);
        for (let left = free() - leaveBytes; left > 0; left = free() - leaveBytes) {
          writeSync(fd, chunk, 0, Math.min(chunk.length, left));
        }
      } finally {
        closeSync(fd);
      }
    },
    unmount() {
      execFileSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Empties the disk again (the filler written by `fill`). */
export function emptySmallDisk(disk: SmallDisk): void {
  rmSync(join(disk.dir, 'filler.bin'), { force: true });
}
