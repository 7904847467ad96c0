/** Who the renderer is talking to. */
export interface AppInfo {
  name: string;
  version: string;
  /** "electron": the desktop app; "browser": `kubelab ui` over a WebSocket. */
  shell: 'electron' | 'browser';
  platform: string;
}
