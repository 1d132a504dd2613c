/**
 * PGlite is an in-process database: two servers opening the same DATA_DIR would corrupt it.
 * A pid file guards against that and names the process holding it; a stale file (its process
 * is gone) is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';

export function acquireDataDirLock(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'parley.pid');
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number(fs.readFileSync(lockFile, 'utf8'));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `DATA_DIR ${dataDir} is in use by process ${holder}. The embedded database serves one process; ` +
          'stop it, choose another DATA_DIR, or set DATABASE_URL to share a PostgreSQL server.',
      );
    }
    fs.writeFileSync(lockFile, String(process.pid));
  }
  return () => {
    try {
      if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      // already gone
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
