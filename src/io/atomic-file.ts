/** Writing files so that a crash at any moment leaves either the old file or the new one, never half. */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

let temporaryCount = 0;

/**
 * Writes to a temporary file beside `path`, flushes it to disk, then renames it into place (an
 * atomic replace on POSIX file systems), and flushes the folder so the rename itself survives a
 * power cut. Creates missing parent folders; on failure removes the temporary file.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temporary = `${path}.${process.pid}.${temporaryCount++}.tmp`;
  try {
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
  }
  const directory = await open(folder, 'r').catch(() => undefined);
  if (directory) {
    // Not every platform can fsync a folder (Windows); the file itself is already safe.
    await directory.sync().catch(() => undefined);
    await directory.close();
  }
}
