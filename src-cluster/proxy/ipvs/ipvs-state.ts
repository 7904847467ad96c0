/**
 * IPVS mode's desired kernel state (k8s-internals §6.2), computed from the service table:
 * - the /32 addresses the `kube-ipvs0` dummy interface must carry (every ClusterIP and external
 *   IP), so the kernel treats packets to them as local and IPVS can take them at LOCAL_IN;
 * - one virtual server per VIP:port/protocol and per node IP:NodePort, scheduler `rr` by default,
 *   `persistent <timeout>` for ClientIP affinity;
 * - one real server per usable endpoint, forwarded by masquerade (`-m`), weight 1.
 *
 * Also the `ipvsadm-restore` text for a state and the diff between what `ipvsadm -Sn` reports and
 * what is wanted, so a sync only adds and removes what changed and never drops live connections
 * of unchanged services. Pure; golden-tested.
 */
import type { ServicePortEntry } from '../service-table';
import { DEFAULT_AFFINITY_TIMEOUT } from '../iptables/iptables-rules';

export const IPVS_INTERFACE = 'kube-ipvs0';

export interface VirtualServer {
  /** "-t" tcp, "-u" udp, "--sctp-service" sctp. */
  flag: string;
  /** "ip:port". */
  address: string;
  scheduler: string;
  /** Persistence timeout in seconds (ClientIP affinity); absent = none. */
  persistent?: number;
  /** Real servers "ip:port", sorted. */
  reals: string[];
}

export interface IpvsState {
  addresses: string[];
  servers: VirtualServer[];
}

export interface IpvsRenderOptions {
  /** This node's IPs: each gets a virtual server per NodePort. */
  nodeIPs?: readonly string[];
  /** --ipvs-scheduler, default rr. */
  scheduler?: string;
  affinityTimeouts?: ReadonlyMap<string, number>;
}

const isIPv4 = (ip: string) => !ip.includes(':');

export function protocolFlag(protocol: string): string {
  if (protocol === 'UDP') return '-u';
  if (protocol === 'SCTP') return '--sctp-service';
  return '-t';
}

export function renderIpvsState(
  entries: readonly ServicePortEntry[],
  opts: IpvsRenderOptions = {},
): IpvsState {
  const addresses = new Set<string>();
  const servers = new Map<string, VirtualServer>();
  const scheduler = opts.scheduler ?? 'rr';
  for (const e of entries) {
    const vips = [...e.clusterIPs, ...e.externalIPs].filter(isIPv4);
    for (const ip of vips) addresses.add(ip);
    const targets = vips.map((ip) => `${ip}:${e.port}`);
    if (e.nodePort) for (const ip of opts.nodeIPs ?? []) targets.push(`${ip}:${e.nodePort}`);
    const persistent =
      e.sessionAffinity === 'ClientIP'
        ? (opts.affinityTimeouts?.get(`${e.namespace}/${e.service}`) ?? DEFAULT_AFFINITY_TIMEOUT)
        : undefined;
    const reals = e.endpoints.map((ep) => `${ep.ip}:${ep.port}`).sort();
    const flag = protocolFlag(e.protocol);
    for (const address of targets) {
      // A Service without endpoints keeps its virtual server with no real servers: IPVS then
      // refuses connections, as the REJECT rule does in iptables mode.
      servers.set(`${flag} ${address}`, {
        flag,
        address,
        scheduler,
        ...(persistent !== undefined ? { persistent } : {}),
        reals,
      });
    }
  }
  return {
    addresses: [...addresses].sort(),
    servers: [...servers.keys()].sort().map((k) => servers.get(k)!),
  };
}

function serviceLine(op: '-A' | '-E', vs: VirtualServer): string {
  const p = vs.persistent !== undefined ? ` -p ${vs.persistent}` : '';
  return `${op} ${vs.flag} ${vs.address} -s ${vs.scheduler}${p}`;
}

function realLine(vs: VirtualServer, real: string): string {
  return `-a ${vs.flag} ${vs.address} -r ${real} -m -w 1`;
}

/** The full state as `ipvsadm-restore` input (what `ipvsadm -Sn` prints for it, give or take order). */
export function ipvsRestoreText(state: IpvsState): string {
  const lines: string[] = [];
  for (const vs of state.servers) {
    lines.push(serviceLine('-A', vs));
    for (const r of vs.reals) lines.push(realLine(vs, r));
  }
  return lines.map((l) => l + '\n').join('');
}

/** Parses `ipvsadm -Sn` output into virtual servers (real-server weights are not compared). */
export function parseIpvsSave(text: string): VirtualServer[] {
  const servers = new Map<string, VirtualServer>();
  for (const line of text.split('\n')) {
    const w = line.trim().split(/\s+/);
    if (w.length < 3) continue;
    const key = `${w[1]} ${w[2]}`;
    if (w[0] === '-A') {
      const s = w.indexOf('-s');
      const p = w.indexOf('-p');
      servers.set(key, {
        flag: w[1]!,
        address: w[2]!,
        scheduler: s >= 0 ? w[s + 1]! : 'wlc',
        ...(p >= 0 ? { persistent: Number(w[p + 1]) } : {}),
        reals: [],
      });
    } else if (w[0] === '-a') {
      const r = w.indexOf('-r');
      if (r >= 0) servers.get(key)?.reals.push(w[r + 1]!);
    }
  }
  return [...servers.values()];
}

/**
 * `ipvsadm-restore` commands turning `current` into `desired`. Virtual servers not desired are
 * deleted only if `owned(address)` says kube-proxy made them (an address on kube-ipvs0 or a
 * NodePort on a node IP): other IPVS users on the node are left alone.
 */
export function diffIpvs(
  current: readonly VirtualServer[],
  desired: IpvsState,
  owned: (address: string) => boolean,
): string {
  const lines: string[] = [];
  const cur = new Map(current.map((vs) => [`${vs.flag} ${vs.address}`, vs]));
  const want = new Set(desired.servers.map((vs) => `${vs.flag} ${vs.address}`));
  for (const [key, vs] of cur) {
    if (!want.has(key) && owned(vs.address)) lines.push(`-D ${vs.flag} ${vs.address}`);
  }
  for (const vs of desired.servers) {
    const have = cur.get(`${vs.flag} ${vs.address}`);
    if (!have) {
      lines.push(serviceLine('-A', vs));
      for (const r of vs.reals) lines.push(realLine(vs, r));
      continue;
    }
    if (have.scheduler !== vs.scheduler || have.persistent !== vs.persistent) {
      lines.push(serviceLine('-E', vs));
    }
    for (const r of have.reals) {
      if (!vs.reals.includes(r)) lines.push(`-d ${vs.flag} ${vs.address} -r ${r}`);
    }
    for (const r of vs.reals) if (!have.reals.includes(r)) lines.push(realLine(vs, r));
  }
  return lines.map((l) => l + '\n').join('');
}
