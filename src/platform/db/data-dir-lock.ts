/**
 * PGlite is an in-process database: two servers opening the same DATA_DIR would corrupt it.
 * A pid file guards against that and names the process holding it; a stale file (its process
 * is gone) is taken over.
 *
 * A holder that crashed may linger as a zombie (killed, not yet reaped by its parent, as under a
 * supervisor or container init that is slow to wait): it answers signals but runs nothing, so it
 * counts as gone. A holder that is exiting gets a few seconds to finish before we give up.
 */
import fs from 'node:fs';
import path from 'node:path';

/** How long a live holder gets to go away before the directory is declared in use. */
const HOLDER_GRACE_MS = 3000;
const POLL_MS = 100;

export async function acquireDataDirLock(dataDir: string, graceMs = HOLDER_GRACE_MS): Promise<() => void> {
  const lockFile = path.join(dataDir, 'parley.pid');
  const deadline = Date.now() + graceMs;
  for (;;) {
    const holder = tryLock(lockFile);
    if (holder === undefined) break;
    if (Date.now() >= deadline) {
      throw new Error(
        `DATA_DIR ${dataDir} is in use by process ${holder}. The embedded database serves one process; ` +
          'stop it, choose another DATA_DIR, or set DATABASE_URL to share a PostgreSQL server.',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return () => {
    try {
      if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      // already gone
    }
  };
}

/** Takes the lock (undefined), or names the live process holding it. */
function tryLock(lockFile: string): number | undefined {
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = Number(fs.readFileSync(lockFile, 'utf8'));
  if (holder && holder !== process.pid && isRunning(holder)) return holder;
  fs.writeFileSync(lockFile, String(process.pid));
  return undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

const hasProc = fs.existsSync('/proc/self/stat');

/** Linux: the state in /proc/<pid>/stat, after the command name in parentheses (which may hold spaces). */
function isZombie(pid: number): boolean {
  // Elsewhere a zombie looks alive, and the grace period is all we can offer.
  if (!hasProc) return false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return true; // reaped since the signal check
  }
}
