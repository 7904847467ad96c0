// The only code that touches window.api (the preload's typed bridge).
import type { AppInfo, RendererApi } from '../../../src-shared/ipc';

declare global {
  interface Window {
    api?: RendererApi;
  }
}

export async function appInfo(): Promise<AppInfo | null> {
  return window.api ? window.api.app.info() : null;
}
