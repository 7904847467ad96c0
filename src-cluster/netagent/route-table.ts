/**
 * The node agent's routes in the kernel, through `ip route`. Every route it adds carries its own
 * routing protocol number (`proto 77`, kubelab's), so it can list exactly its routes
 * (`ip route show proto 77`) and never touches anyone else's — also after a crash, when nothing
 * in memory says what was added.
 *
 * Contract: `sync(routes)` makes the kernel's proto-77 routes equal `routes` (`ip route replace`
 * is idempotent; extra ones are deleted); `clear()` deletes them all. A route the kernel refuses
 * (a next hop that is not on a connected network) is reported in the result, the others still
 * applied.
 */
import type { CommandRunner } from '../proxy/iptables/command-runner';
import { execRunner } from '../proxy/iptables/command-runner';
import type { Route } from './routes';

export const ROUTE_PROTO = '77';

export interface InstalledRoute {
  dst: string;
  via: string;
}

export interface SyncResult {
  added: InstalledRoute[];
  removed: InstalledRoute[];
  failed: { route: InstalledRoute; error: string }[];
}

/** Parses `ip -4 route show proto 77` lines: "10.244.1.0/24 via 192.0.2.3 dev eth0 ...". */
export function parseRoutes(text: string): InstalledRoute[] {
  const out: InstalledRoute[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+via\s+(\S+)/.exec(line.trim());
    if (m) out.push({ dst: m[1]!.includes('/') ? m[1]! : `${m[1]}/32`, via: m[2]! });
  }
  return out;
}

export class RouteTable {
  constructor(private readonly runner: CommandRunner = execRunner()) {}

  async list(): Promise<InstalledRoute[]> {
    const r = await this.runner.run('ip', ['-4', 'route', 'show', 'proto', ROUTE_PROTO]);
    if (r.code !== 0) throw new Error(`ip route show failed: ${r.stderr.trim()}`);
    return parseRoutes(r.stdout);
  }

  async sync(routes: readonly Route[]): Promise<SyncResult> {
    const res: SyncResult = { added: [], removed: [], failed: [] };
    const have = await this.list();
    const key = (r: InstalledRoute) => `${r.dst} ${r.via}`;
    const haveKeys = new Set(have.map(key));
    const wanted = new Set(routes.map((r) => r.dst));
    for (const r of have) {
      if (wanted.has(r.dst)) continue;
      await this.del(r);
      res.removed.push(r);
    }
    for (const r of routes) {
      const route = { dst: r.dst, via: r.via };
      if (haveKeys.has(key(route))) continue;
      const out = await this.runner.run('ip', [
        'route',
        'replace',
        r.dst,
        'via',
        r.via,
        'proto',
        ROUTE_PROTO,
      ]);
      if (out.code === 0) res.added.push(route);
      else res.failed.push({ route, error: out.stderr.trim() });
    }
    return res;
  }

  async clear(): Promise<InstalledRoute[]> {
    const have = await this.list();
    for (const r of have) await this.del(r);
    return have;
  }

  private async del(r: InstalledRoute): Promise<void> {
    await this.runner.run('ip', ['route', 'del', r.dst, 'via', r.via, 'proto', ROUTE_PROTO]);
  }
}
