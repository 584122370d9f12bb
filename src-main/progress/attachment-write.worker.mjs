// Writes report attachments durably in a thread of its own (see attachment-writer.ts): each file to a hidden temporary
// name, fsynced, renamed into place, then its folder fsynced — the same steps as AttachmentStore.save, but as one job
// per file instead of eight thread-pool round trips through the app's event loop, and off libuv's pool, where password
// hashing runs. Files that arrive together share one folder fsync: every one of them is answered only after it.
// Plain JavaScript, like the other workers, so the same file runs under vitest and in the built app.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { setImmediate } from 'node:timers';
import { Buffer } from 'node:buffer';
import { isMainThread, parentPort, threadId } from 'node:worker_threads';

if (parentPort && !isMainThread) {
  const port = parentPort;
  const queue = [];
  let scheduled = false;
  port.on('message', (job) => {
    queue.push(job);
    // Messages that arrived while a batch was being written are all taken by the next one.
    if (!scheduled) {
      scheduled = true;
      setImmediate(drain);
    }
  });
  port.postMessage({ ready: true });

  function drain() {
    scheduled = false;
    const written = [];
    for (const job of queue.splice(0)) {
      const partial = join(job.dir, `.${job.storedName}.partial`);
      const final = join(job.dir, job.storedName);
      try {
        const content = Buffer.from(job.content.buffer, job.content.byteOffset, job.content.byteLength);
        // 'wx': never overwrite an existing file. The folder is made when it is missing, not checked on every save.
        let fd;
        try {
          fd = openSync(partial, 'wx');
        } catch (error) {
          if (error?.code !== 'ENOENT') throw error;
          mkdirSync(job.dir, { recursive: true });
          fd = openSync(partial, 'wx');
        }
        const steps = [];
        try {
          for (let at = 0; at < content.length; ) at += writeSync(fd, content, at, content.length - at);
          steps.push('write');
          fsyncSync(fd);
          steps.push('fsync file');
        } finally {
          closeSync(fd);
        }
        renameSync(partial, final);
        steps.push('rename');
        written.push({ job, steps, sha256: createHash('sha256').update(content).digest('hex') });
      } catch (error) {
        // A full disk: nothing empty or half-written is left.
        removeQuietly(partial);
        removeQuietly(final);
        port.postMessage({ id: job.id, ok: false, error: errorOf(error) });
      }
    }
    for (const dir of new Set(written.map((file) => file.job.dir))) {
      const inDir = written.filter((file) => file.job.dir === dir);
      try {
        fsyncFolder(dir);
        for (const file of inDir) {
          file.steps.push('fsync folder');
          port.postMessage({ id: file.job.id, ok: true, sha256: file.sha256, steps: file.steps, batch: inDir.length, thread: threadId });
        }
      } catch (error) {
        for (const file of inDir) {
          removeQuietly(join(dir, file.job.storedName));
          port.postMessage({ id: file.job.id, ok: false, error: errorOf(error) });
        }
      }
    }
  }
}

/** Removes what a failed write left; a path that cannot be removed (its folder is gone or is a file) left nothing. */
function removeQuietly(file) {
  try {
    rmSync(file, { force: true });
  } catch {
    // Nothing to remove there.
  }
}

/** Makes the renames durable. Windows cannot open a folder for fsync (NTFS journals the rename itself). */
function fsyncFolder(dir) {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** What the app needs of an error to name it (a full disk is ENOSPC): it cannot cross the thread as itself. */
function errorOf(error) {
  return { message: error instanceof Error ? error.message : String(error), code: error?.code, errno: error?.errno, syscall: error?.syscall, path: error?.path };
}
