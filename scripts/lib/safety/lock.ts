/**
 * One writer at a time: commands that edit the repo (bump, promote, failover, switchover,
 * failback) hold <root>/.zarish-his.lock while they read, change and validate files, so two of
 * them never both read the old text and lose an edit. A second command waits for the lock
 * (ZARISH_LOCK_WAIT seconds, default 300), then fails naming the holder. A lock whose process is
 * gone (killed, crashed) is taken over.
 */
import { closeSync, linkSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ToolError } from '../errors.js';

export const LOCK_FILE = '.zarish-his.lock';

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly started: string;
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof value.pid === 'number' && typeof value.host === 'string' ? (value as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `pid` runs here. A zombie (killed, not yet reaped by its parent: common in containers) is gone. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // Linux /proc/<pid>/stat: "pid (comm) state ..."; comm may hold spaces and parentheses
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (not Linux): kill(pid, 0) is the answer
  }
}

function describe(holder: LockHolder | undefined): string {
  return holder
    ? `${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.started})`
    : 'a command whose lock file cannot be read';
}

/** Creates the lock with its content in one step (link of a complete temporary file): never half-written. */
function tryCreate(file: string, holder: LockHolder): boolean {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new ToolError(`${file}: cannot create the repository lock (${(error as Error).message})`);
  } finally {
    rmSync(tmp, { force: true });
  }
}

export function lockWaitMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ZARISH_LOCK_WAIT;
  if (raw === undefined || raw === '') return 300_000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new ToolError(`ZARISH_LOCK_WAIT=${raw}: expected a number of seconds`);
  return seconds * 1000;
}

/** Runs `fn` holding the repository lock; `notes` receives a line when a stale lock was taken over. */
export async function withRepoLock<T>(
  root: string,
  command: string,
  fn: () => Promise<T>,
  notes: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<T> {
  const file = path.join(root, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: os.hostname(), command, started: new Date().toISOString() };
  const deadline = Date.now() + lockWaitMs();
  let waiting = false;
  for (;;) {
    if (tryCreate(file, me)) break;
    const holder = readHolder(file);
    if (holder && holder.host === me.host && !processAlive(holder.pid)) {
      notes(`taking over a stale lock: ${describe(holder)} is no longer running`);
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new ToolError(
        `${root}: another command is changing this repository: ` +
          `${describe(holder)}; run again when it has finished (waited ` +
          `${Math.round(lockWaitMs() / 1000)}s, ZARISH_LOCK_WAIT), or remove ` +
          `${LOCK_FILE} if that process is gone`,
      );
    }
    if (!waiting) notes(`waiting for ${describe(holder)} to finish changing this repository`);
    waiting = true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const release = (): void => {
    if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
  };
  process.once('exit', release);
  try {
    return await fn();
  } finally {
    release();
    process.off('exit', release);
  }
}
