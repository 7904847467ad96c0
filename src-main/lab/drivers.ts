/** Which ways to run nodes this build and machine offer (the wizard shows the others disabled). */
import type { DriverInfo } from '../../src-shared/ipc';

export function availableDrivers(): DriverInfo[] {
  return [
    { id: 'no-vm', title: 'No VM (simulated nodes in one process)', available: true },
    {
      id: 'qemu',
      title: 'QEMU virtual machines',
      available: false,
      reason:
        'VM mode is not in this build yet: it needs the node image (vm-images/) and the QEMU driver.',
    },
    {
      id: 'libvirt',
      title: 'libvirt',
      available: false,
      reason: 'The libvirt driver is not in this build yet.',
    },
  ];
}
