/**
 * proxyPodSubresource: serves `GET pods/<p>/log` (and a non-upgrade exec/attach, which the kubelet
 * refuses with "Upgrade request required") by forwarding to the pod's kubelet and streaming the
 * answer back chunk by chunk — `kubectl logs -f` sees each line as the kubelet writes it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeStatus } from '../response';
import { internalError, toApiStatusError } from '../status';
import { locateKubelet, type PodSubresource, type ProxyContext } from './kubelet-location';
import { kubeletPath } from './kubelet-url';
import {
  copyResponseHeaders,
  forwardHeaders,
  kubeletRequest,
  kubeletUnreachable,
} from './kubelet-request';

/**
 * Proxies one non-upgrade request. Resolves when the response has ended (for a follow: when
 * either side closes). Errors become Status responses; nothing is thrown.
 */
export async function proxyPodSubresource(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ProxyContext,
  namespace: string,
  pod: string,
  subresource: PodSubresource,
  query: URLSearchParams,
): Promise<void> {
  try {
    if (req.headers.upgrade) {
      // Node hands Upgrade requests to the 'upgrade' event when the server listens for it; one that
      // got here means the server was wired without attachUpgradeProxy.
      throw internalError(
        'upgrade requests must be routed through the server\'s "upgrade" event (attachUpgradeProxy)',
      );
    }
    const loc = await locateKubelet(ctx, namespace, pod, subresource, query.get('container'));
    const path = kubeletPath(loc, namespace, pod, subresource, query);
    const method = req.method ?? 'GET';
    await new Promise<void>((resolve) => {
      const upstream = kubeletRequest(
        loc,
        method,
        path,
        forwardHeaders(req.rawHeaders, false),
        ctx.kubelet,
      );
      res.on('close', () => {
        upstream.destroy();
        resolve();
      });
      upstream.on('error', (err) => {
        if (!res.headersSent) writeStatus(res, kubeletUnreachable(loc, method, path, err));
        else res.destroy();
        resolve();
      });
      upstream.on('response', (ures) => {
        res.writeHead(ures.statusCode ?? 502, copyResponseHeaders(ures.headers));
        // Send the headers now: a following client waits for them before the first log line.
        res.flushHeaders();
        ures.pipe(res);
        ures.on('end', resolve);
        ures.on('error', () => res.destroy());
      });
      upstream.end();
    });
  } catch (err) {
    writeStatus(res, toApiStatusError(err));
  }
}
