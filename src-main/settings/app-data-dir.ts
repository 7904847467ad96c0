/**
 * The OS app-data folder, as Electron's app.getPath('userData') names it for an app called
 * "kubelab" — computed by hand so browser mode (plain Node) reads the same settings file.
 * KUBELAB_HOME overrides it (tests, portable installs).
 */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export function appDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env['KUBELAB_HOME']) return env['KUBELAB_HOME'];
  if (platform === 'win32') {
    return win32.join(env['APPDATA'] || win32.join(home, 'AppData', 'Roaming'), 'kubelab');
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'kubelab');
  // XDG: an empty or relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env['XDG_CONFIG_HOME'];
  return posix.join(xdg && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.config'), 'kubelab');
}
