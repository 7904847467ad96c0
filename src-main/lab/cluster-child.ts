/**
 * Entry of the cluster child process (forked by ClusterProcess under the system Node, with tsx).
 * Starts the no-VM cluster through src-cluster's composition root and relays traces, health and
 * fault calls over the Node IPC channel (child-protocol.ts). If this build has no composition yet,
 * it runs the API server alone and says so.
 */
import { mkdirSync } from 'node:fs';
import type { TraceEvent } from '../../src-shared/trace';
import type { ChildMessage, HostMessage } from './child-protocol';
import { openEmbedded, type EmbeddedHandle } from './embedded-adapter';

const send = (m: ChildMessage) => process.send?.(m);
let handle: EmbeddedHandle | undefined;
let pending: TraceEvent[] = [];
let flushTimer: NodeJS.Timeout | undefined;

function onTrace(e: TraceEvent): void {
  pending.push(e);
  // Batching keeps the IPC channel calm under a burst (a Deployment of 100 pods).
  flushTimer ??= setTimeout(() => {
    flushTimer = undefined;
    const batch = pending;
    pending = [];
    send({ type: 'traces', events: batch });
  }, 50);
}

async function start(msg: Extract<HostMessage, { type: 'start' }>): Promise<void> {
  mkdirSync(msg.dataDir, { recursive: true });
  handle = await openEmbedded(msg.spec, msg.dataDir, {
    onStep: (step) => send({ type: 'step', step }),
    onTrace,
  });
  send({
    type: 'ready',
    kubeconfig: handle.kubeconfig,
    server: handle.server,
    nodes: handle.nodes,
    components: await handle.health(),
    ...(handle.note ? { note: handle.note } : {}),
  });
  const healthTimer = setInterval(() => {
    void handle?.health().then((components) => send({ type: 'health', components }));
  }, 1000);
  healthTimer.unref();
}

async function request(msg: Extract<HostMessage, { type: 'request' }>): Promise<void> {
  try {
    if (!handle) throw new Error('the cluster is not running');
    let value: unknown;
    if (msg.op === 'faults.catalogue') value = await handle.faultCatalogue();
    else if (msg.op === 'faults.apply') value = await handle.applyFault(msg.args as never);
    else if (msg.op === 'faults.revert') value = await handle.revertFault(String(msg.args));
    else if (msg.op === 'health') value = await handle.health();
    send({ type: 'reply', reqId: msg.reqId, ok: true, value });
  } catch (err) {
    send({ type: 'reply', reqId: msg.reqId, ok: false, error: (err as Error).message });
  }
}

async function stop(): Promise<void> {
  try {
    await handle?.stop();
  } finally {
    send({ type: 'stopped' });
    process.disconnect?.();
    setTimeout(() => process.exit(0), 100).unref();
  }
}

process.on('message', (raw) => {
  const msg = raw as HostMessage;
  if (msg.type === 'start') {
    start(msg).catch((err: Error) => {
      send({ type: 'fatal', message: err.message });
      setTimeout(() => process.exit(1), 100);
    });
  } else if (msg.type === 'request') void request(msg);
  else if (msg.type === 'stop') void stop();
});
// The host went away (crash, kill): stop cleanly rather than linger as an orphan.
process.on('disconnect', () => void handle?.stop().finally(() => process.exit(0)));
process.on('SIGTERM', () => void stop());
