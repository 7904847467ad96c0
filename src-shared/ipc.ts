/**
 * The one contract between the renderer and the lab host (Electron IPC, or a WebSocket in browser
 * mode). Both sides import these types; the preload exposes exactly RendererApi as window.api.
 */
export interface AppInfo {
  name: string;
  version: string;
  mode: 'vm' | 'no-vm';
}

export interface RendererApi {
  app: {
    info(): Promise<AppInfo>;
  };
}

export const CHANNELS = {
  appInfo: 'app:info',
} as const;
