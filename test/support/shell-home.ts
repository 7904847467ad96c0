/**
 * A HOME for the interactive shells tests start. Tests check kubelab's terminals, not the
 * machine user's rc files — and those can stall a shell for a minute: a ~/.bashrc running
 * `pyenv init` waits 60 s on a rehash lock that a shell killed mid-start leaves behind, which is
 * exactly what terminal tests do when they close a tab right away.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let home: string | undefined;

export function cleanShellHome(): string {
  if (!home) {
    home = mkdtempSync(join(tmpdir(), 'kubelab-shell-home-'));
    writeFileSync(
      join(home, '.bashrc'),
      '# kubelab tests: an interactive shell without rc files\n',
    );
    writeFileSync(join(home, '.profile'), '');
  }
  return home;
}
