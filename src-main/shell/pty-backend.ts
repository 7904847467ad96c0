/**
 * How a host shell gets a real PTY without a native module: util-linux `script` (Debian's
 * bsdutils, always installed) or python3's pty module. Both are Linux-only here: macOS's BSD
 * `script` takes other arguments and Windows has neither, so those fall back to the built-in console.
 */
import { spawnSync } from 'node:child_process';

export type PtyBackend =
  | { kind: 'script'; bin: string }
  | { kind: 'python'; bin: string }
  | { kind: 'none'; reason: string };

function works(bin: string, args: string[]): boolean {
  const r = spawnSync(bin, args, { stdio: 'ignore', timeout: 5000 });
  return r.status === 0;
}

export function detectPtyBackend(
  platform: NodeJS.Platform = process.platform,
  prefer?: 'script' | 'python',
): PtyBackend {
  if (platform !== 'linux') {
    return {
      kind: 'none',
      reason: `a host shell needs a PTY, which kubelab opens with util-linux script or python3 on Linux only (this is ${platform})`,
    };
  }
  // util-linux prints "script from util-linux 2.38.1"; a BSD script would not accept --version.
  const script = (): PtyBackend | undefined =>
    works('script', ['--version']) ? { kind: 'script', bin: 'script' } : undefined;
  const python = (): PtyBackend | undefined =>
    works('python3', ['-c', 'import pty, fcntl, termios'])
      ? { kind: 'python', bin: 'python3' }
      : undefined;
  const found = prefer === 'python' ? (python() ?? script()) : (script() ?? python());
  return (
    found ?? {
      kind: 'none',
      reason:
        'neither util-linux `script` (package bsdutils) nor python3 is installed, so no PTY can be opened',
    }
  );
}

/**
 * python3 side of the python backend: forks the shell on a PTY, copies stdin → PTY → stdout,
 * and reads "rows cols" lines on fd 3 to resize it (TIOCSWINSZ on the master; the kernel then
 * sends SIGWINCH to the shell's foreground job, as a terminal emulator's resize does).
 */
export const PYTHON_PTY = `
import os, pty, sys, fcntl, termios, struct, select
rows, cols = int(sys.argv[1]), int(sys.argv[2])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[3], sys.argv[3:])
def size(r, c):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', r, c, 0, 0))
size(rows, cols)
fds, buf = [0, fd, 3], b''
while True:
    ready = select.select(fds, [], [])[0]
    if fd in ready:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b''
        if not data:
            break
        os.write(1, data)
    if 0 in ready:
        data = os.read(0, 65536)
        if not data:
            break
        while data:
            data = data[os.write(fd, data):]
    if 3 in ready:
        data = os.read(3, 1024)
        if not data:
            fds.remove(3)
        buf += data
        while b'\\n' in buf:
            line, buf = buf.split(b'\\n', 1)
            r, c = line.split()
            size(int(r), int(c))
os.close(fd)
status = os.waitpid(pid, 0)[1]
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
`;
