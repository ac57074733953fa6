/**
 * Writing files so that a crash at any moment leaves either the old file or the new one, never
 * half, and no temporary file behind for long: a process that exits or is stopped by SIGINT or
 * SIGTERM removes its own; one killed outright (SIGKILL, a power cut) leaves it for the next save
 * of the same file, which removes the temporaries of processes that no longer exist.
 */
import { rmSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let temporaryCount = 0;

/** Temporary files of saves under way in this process. */
const inFlight = new Set<string>();

function removeInFlight(): void {
  for (const temporary of inFlight) rmSync(temporary, { force: true });
  inFlight.clear();
}

/**
 * SIGINT and SIGTERM: remove the temporary files of saves under way, then end the process by the
 * same signal, as its default action would have (exit status 130 / 143 in a shell). Only when
 * nothing else handles the signal; a program that does (to stop gracefully) lets the save finish
 * or fail by itself, and a failed save removes its temporary file.
 *
 * The listeners stay installed from the first save on, even between saves: Node takes a signal
 * from the OS at once but runs its listeners later, from the event loop, and a listener removed
 * in between (a save that finished meanwhile) means the signal is swallowed and the process lives
 * on. With no save under way the listener does exactly what the default action would.
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  removeInFlight();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.kill(process.pid, signal);
}

let watching = false;
function watchSignals(): void {
  if (watching) return;
  watching = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', removeInFlight);
}

/** Whether process `pid` exists (EPERM: it does, under another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files of `path` (`path.PID.N.tmp`) whose process no longer exists, or
 * that are this process's own but not of a save under way. A PID that was reused keeps its file
 * until that process ends too: never a file that a live save may still rename.
 */
async function removeStaleTemporaries(path: string): Promise<void> {
  const prefix = `${basename(path)}.`;
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)\.(\d+)\.tmp$/.exec(name.slice(prefix.length));
    if (!match) continue;
    const pid = Number(match[1]);
    const temporary = join(dirname(path), name);
    if (pid === process.pid ? !inFlight.has(temporary) : !isAlive(pid)) await rm(temporary, { force: true });
  }
}

/**
 * Writes to a temporary file beside `path`, flushes it to disk, then renames it into place (an
 * atomic replace on POSIX file systems), and flushes the folder so the rename itself survives a
 * power cut. Creates missing parent folders; on failure removes the temporary file.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temporary = `${path}.${process.pid}.${temporaryCount++}.tmp`; // path.PID.N.tmp
  inFlight.add(temporary);
  watchSignals();
  try {
    await removeStaleTemporaries(path);
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    inFlight.delete(temporary);
  }
  const directory = await open(folder, 'r').catch(() => undefined);
  if (directory) {
    // Not every platform can fsync a folder (Windows); the file itself is already safe.
    await directory.sync().catch(() => undefined);
    await directory.close();
  }
}
