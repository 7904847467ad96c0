import { afterAll, beforeAll, describe } from 'vitest';
import { EtcdStore } from '../../../src-cluster/store/etcd/etcd-store';
import { describeStoreConformance } from '../../../src-cluster/store/testing/store-conformance';
import { startEtcdCluster, type EtcdTestCluster } from '../../support/etcd';

for (const members of [1, 3] as const) {
  describe(`etcd with ${members} member(s)`, () => {
    let cluster: EtcdTestCluster;
    beforeAll(async () => {
      cluster = await startEtcdCluster({ members });
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    describeStoreConformance(`etcd (${members} member${members > 1 ? 's' : ''})`, {
      open: () => EtcdStore.connect(cluster.endpoints),
      async reopen() {
        // A real restart: SIGKILL every member (no graceful flush) and start them again.
        for (let i = 0; i < members; i++) cluster.kill(i);
        for (let i = 0; i < members; i++) await cluster.restart(i);
        await cluster.waitHealthy();
        return EtcdStore.connect(cluster.endpoints);
      },
      async cleanup() {},
    });
  });
}
