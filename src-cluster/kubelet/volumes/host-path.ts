/**
 * hostPath volumes: the `type` check upstream's hostPath plugin makes before mounting — "" checks
 * nothing, DirectoryOrCreate/FileOrCreate create what is missing (0755 directory / empty 0644 file,
 * parents not created, as upstream), Directory/File/Socket/CharDevice/BlockDevice require that kind
 * of thing to exist already. A failed check is the mount's error (FailedMount).
 */
import { closeSync, lstatSync, mkdirSync, openSync, statSync, type Stats } from 'node:fs';

function stat(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

export function checkHostPath(path: string, type: string | undefined): void {
  const fail = (what: string): never => {
    throw new Error(`hostPath type check failed: ${path} is not a ${what}`);
  };
  const st = stat(path);
  switch (type ?? '') {
    case '':
      return;
    case 'DirectoryOrCreate':
      if (!st) mkdirSync(path, { mode: 0o755 });
      else if (!st.isDirectory()) fail('directory');
      return;
    case 'Directory':
      if (!st?.isDirectory()) fail('directory');
      return;
    case 'FileOrCreate':
      if (!st) closeSync(openSync(path, 'a', 0o644));
      else if (st.isDirectory()) fail('file');
      return;
    case 'File':
      if (!st || st.isDirectory()) fail('file');
      return;
    case 'Socket':
      if (!lstatSafe(path)?.isSocket()) fail('socket file');
      return;
    case 'CharDevice':
      if (!st?.isCharacterDevice()) fail('character device');
      return;
    case 'BlockDevice':
      if (!st?.isBlockDevice()) fail('block device');
      return;
    default:
      throw new Error(`hostPath type ${type} is not supported`);
  }
}

function lstatSafe(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}
