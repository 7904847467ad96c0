import { FakeClock } from '../../../src-shared/util/clock';
import { MemoryStore } from '../../../src-cluster/store/memory/memory-store';
import { describeStoreConformance } from '../../../src-cluster/store/testing/store-conformance';

let clock = new FakeClock();

describeStoreConformance('memory', {
  async open() {
    clock = new FakeClock();
    return new MemoryStore({ clock });
  },
  async cleanup() {},
  advanceTime: (ms) => clock.advance(ms),
});
