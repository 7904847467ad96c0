/**
 * The only code that touches window.api. In the desktop app the preload provides it; in browser
 * mode (`kubelab ui`) the same contract is built over the lab host's WebSocket.
 */
import { CONTRACT, buildApi, type RendererApi } from '../../../src-shared/ipc';
import { createWsTransport, type ConnectionChange, type WsTransport } from './ws-transport';

// The page globals this module reads: the preload's window.api (desktop) and the page location
// (browser mode). Declared here so the module type-checks with or without the DOM library (tests).
declare const window: {
  api?: RendererApi;
  location: { search: string; protocol: string; host: string };
};

let api: RendererApi | undefined;
let transport: WsTransport | undefined;

export function useApi(): RendererApi {
  if (api) return api;
  if (window.api) return (api = window.api);
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const proto = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${proto}://${window.location.host}/ws?token=${encodeURIComponent(token)}`;
  transport = createWsTransport(url);
  return (api = buildApi(CONTRACT, transport));
}

/**
 * Connection changes of browser mode's WebSocket. The desktop app's IPC cannot drop, so there
 * the listener is never called.
 */
export function onConnectionChange(listener: (change: ConnectionChange) => void): () => void {
  useApi();
  return transport ? transport.onState(listener) : () => undefined;
}

/** Tests install a fake API here. */
export function setApi(fake: RendererApi | undefined): void {
  api = fake;
  transport = undefined;
}
