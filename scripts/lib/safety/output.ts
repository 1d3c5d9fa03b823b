/**
 * --output FILE: written atomically (temporary file beside the real file, then rename), through
 * symlinks (the link stays, its target is replaced), and only onto a regular file or a new one:
 * a device, FIFO, socket or directory is refused, never replaced.
 */
import { lstatSync, readlinkSync, type Stats, statSync } from 'node:fs';
import path from 'node:path';
import { ToolError } from '../errors.js';
import { writeFileAtomic } from '../fsutil.js';

/** The file a path finally names, following symlinks even when the last target does not exist yet. */
export function resolveThroughLinks(file: string): string {
  let current = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    let st: Stats;
    try {
      st = lstatSync(current);
    } catch {
      return current; // does not exist: a new file here
    }
    if (!st.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), readlinkSync(current));
  }
  throw new ToolError(`${file}: too many levels of symbolic links (expected a file to write the report to)`);
}

/** `shown`: the path as the user typed it, for the message. */
export async function writeOutput(file: string, content: string, shown: string = file): Promise<string> {
  const target = resolveThroughLinks(file);
  let st: Stats | undefined;
  try {
    st = statSync(target);
  } catch {
    st = undefined;
  }
  if (st && !st.isFile()) {
    const what = st.isDirectory()
      ? 'a directory'
      : st.isFIFO()
        ? 'a FIFO'
        : st.isCharacterDevice() || st.isBlockDevice()
          ? 'a device'
          : st.isSocket()
            ? 'a socket'
            : 'not a regular file';
    throw new ToolError(
      `--output ${shown}: ` +
        `${target === path.resolve(file) ? '' : `links to ${target}, which `}` +
        `is ${what}; refused (expected a regular file or a new file name; use ` +
        `stdout to pipe the report)`,
    );
  }
  await writeFileAtomic(target, content);
  return target;
}
