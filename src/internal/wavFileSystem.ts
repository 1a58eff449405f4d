import { open, type FileHandle } from 'node:fs/promises';

/**
 * How {@link readWav} opens files: a seam for tests, which wrap the handle to count the bytes of
 * each read and to see it closed. Production code never changes it.
 * @internal
 */
export const wavFileSystem: { open: (path: string) => Promise<FileHandle> } = {
  open: (path) => open(path, 'r'),
};
