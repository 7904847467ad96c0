// A private network namespace for data-path tests: real iptables/IPVS rules, real packets, nothing
// on the host touched. Needs root and `ip netns` (CI runs as root); failing to create one fails
// the test rather than skipping it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  execRunner,
  mustRun,
  type CommandRunner,
} from '../../../src-cluster/proxy/iptables/command-runner';

export class NetNs {
  readonly name = `kl-${randomBytes(4).toString('hex')}`;
  readonly runner: CommandRunner = execRunner(['ip', 'netns', 'exec', this.name]);
  private readonly children: ChildProcess[] = [];

  async create(): Promise<void> {
    await mustRun(execRunner(), 'ip', ['netns', 'add', this.name]);
    await this.sh('ip', 'link', 'set', 'lo', 'up');
  }

  sh(program: string, ...args: string[]): Promise<string> {
    return mustRun(this.runner, program, args);
  }

  /**
   * Someone else's nat rules, which kube-proxy must leave alone: a chain MY-CHAIN and a jump to
   * it from OUTPUT for tcp port 9999 (iptables-save shows `-A OUTPUT -p tcp -m tcp --dport 9999
   * -j MY-CHAIN`).
   */
  async addForeignNatRule(): Promise<void> {
    await this.sh('iptables', '-t', 'nat', '-N', 'MY-CHAIN');
    await this.sh('iptables', ...'-t nat -A OUTPUT -p tcp --dport 9999 -j MY-CHAIN'.split(' '));
  }

  /** An HTTP server inside the namespace answering `id` on ip:port; resolves once listening. */
  serve(ip: string, port: number, id: string): Promise<void> {
    const script = `require('http').createServer((q,s)=>s.end(${JSON.stringify(id)})).listen(${port},${JSON.stringify(ip)},()=>console.log('ready'))`;
    const child = spawn('ip', ['netns', 'exec', this.name, process.execPath, '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.push(child);
    return new Promise((resolve, reject) => {
      child.stdout!.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`server ${id} exited with ${code}`)));
    });
  }

  /** GET http://ip:port/ from inside the namespace: the body, or "ERR <reason>". */
  async get(ip: string, port: number): Promise<string> {
    const script = `require('http').get({host:${JSON.stringify(ip)},port:${port},timeout:1500},r=>{let b='';r.on('data',d=>b+=d);r.on('end',()=>console.log(b))}).on('timeout',function(){this.destroy(new Error('timeout'))}).on('error',e=>console.log('ERR '+(e.code||e.message)))`;
    return (await this.sh(process.execPath, '-e', script)).trim();
  }

  async destroy(): Promise<void> {
    for (const c of this.children) if (c.pid && c.exitCode === null) process.kill(c.pid);
    await execRunner().run('ip', ['netns', 'del', this.name]);
  }
}
