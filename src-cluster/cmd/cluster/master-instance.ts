/**
 * One master of the no-VM cluster: an API server on the shared store (HTTPS on a loopback port)
 * and, as kubeadm lays out a control-plane node, a kube-scheduler, a kube-controller-manager and
 * the lab cloud-controller-manager, each campaigning for its Lease with its own identity. They talk
 * to this master's own API server, as kubeadm's static pods do; nodes use the front load balancer.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../src-shared/util/clock';
import type { TraceSink } from '../../../src-shared/trace';
import type { Pki } from '../../admin/pki';
import { ApiServer, type ApiServerOptions } from '../../apiserver/server';
import { CloudControllerManager } from '../../cloud/cloud-controller-manager';
import type { LabCloud } from '../../cloud/provider';
import type { ControllerManagerFlags } from '../../controllers/framework/context';
import type { Store } from '../../store/store';
import { startControllerManager, type LeaderElectionTiming } from '../controller-manager';
import { startScheduler } from '../scheduler';
import { componentClient } from './clients';
import { ElectedInstance } from './elected';
import type { NodeSpec } from './topology';

export interface MasterDeps {
  store: Store;
  pki: Pki;
  clock: Clock;
  trace: TraceSink;
  cloud: LabCloud;
  leaderElection?: LeaderElectionTiming;
  controllerManager?: Partial<ControllerManagerFlags>;
  apiserver?: Partial<ApiServerOptions>;
}

export class MasterInstance {
  readonly apiserver: ApiServer;
  port = 0;
  private serving = false;
  readonly elected: ElectedInstance[] = [];

  constructor(
    readonly spec: NodeSpec,
    private readonly deps: MasterDeps,
  ) {
    this.apiserver = new ApiServer({
      ...deps.apiserver,
      store: deps.store,
      clock: deps.clock,
      trace: deps.trace,
    });
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** Starts the API server only; components start once every master serves (startComponents). */
  async startApiServer(): Promise<void> {
    const { pki } = this.deps;
    await this.apiserver.bootstrap();
    const ports = await this.apiserver.listen({
      securePort: 0,
      secureHost: '127.0.0.1',
      tls: { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert },
    });
    this.port = ports.securePort!;
    this.serving = true;
  }

  apiserverServing(): boolean {
    return this.serving;
  }

  async startComponents(): Promise<void> {
    const d = this.deps;
    const id = () => `${this.spec.name}_${randomBytes(4).toString('hex')}`;
    const connect = (component: string) => () =>
      componentClient(this.url, d.pki, component, { clock: d.clock, trace: d.trace });
    const le = d.leaderElection;
    const ids = { scheduler: id(), cm: id(), ccm: id() };
    this.elected.push(
      new ElectedInstance(
        'scheduler',
        ids.scheduler,
        this.spec.name,
        connect('kube-scheduler'),
        async (c) =>
          startScheduler({
            client: c.client,
            clock: d.clock,
            trace: d.trace,
            identity: ids.scheduler,
            ...(le ? { leaderElection: le } : {}),
          }),
      ),
      new ElectedInstance(
        'controller-manager',
        ids.cm,
        this.spec.name,
        connect('kube-controller-manager'),
        async (c) =>
          startControllerManager({
            client: c.client,
            clock: d.clock,
            trace: d.trace,
            identity: ids.cm,
            flags: d.controllerManager,
            leaderElection: le,
            rootCaPem: d.pki.caCert,
          }),
      ),
      new ElectedInstance(
        'cloud-controller-manager',
        ids.ccm,
        this.spec.name,
        connect('cloud-controller-manager'),
        async (c) => {
          const ccm = new CloudControllerManager({
            client: c.client,
            cloud: d.cloud,
            identity: ids.ccm,
            clock: d.clock,
            trace: d.trace,
            nodeMonitorPeriodMs: d.controllerManager?.nodeMonitorPeriodMs,
            leaderElection: le,
          });
          await ccm.start();
          return ccm;
        },
      ),
    );
    await Promise.all(this.elected.map((e) => e.start()));
  }

  find(component: ElectedInstance['component']): ElectedInstance {
    return this.elected.find((e) => e.component === component)!;
  }

  async stopComponents(): Promise<void> {
    await Promise.all(this.elected.map((e) => e.stop()));
  }

  async stopApiServer(): Promise<void> {
    this.serving = false;
    await this.apiserver.close();
  }
}
