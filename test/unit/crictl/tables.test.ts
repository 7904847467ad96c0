/**
 * Golden tables: crictl's columns, tabwriter widths (minimum 20, three spaces of padding), ids cut
 * to 13 characters, "x ago", image sizes, from fixed CRI objects and a fixed clock.
 */
import { describe, expect, it } from 'vitest';
import { containersTable, containersVerbose } from '../../../src-cluster/crictl/commands/ps';
import { podsTable } from '../../../src-cluster/crictl/commands/pods';
import { imagesTable, matchesRef, sortImages } from '../../../src-cluster/crictl/commands/images';
import { versionText } from '../../../src-cluster/crictl/commands/runtime-info';
import { statsTable } from '../../../src-cluster/crictl/commands/stats';
import { formatTable } from '../../../src-cluster/crictl/table';
import { IMAGES, NOW, POD_A, POD_B, SIDECAR, WEB, nanos } from './fixtures';

describe('crictl tables', () => {
  it('pads every cell but the last to max(20, widest + 3)', () => {
    expect(
      formatTable([
        ['A', 'B', 'C'],
        ['a-rather-long-cell-value', 'b', 'last cell'],
      ]),
    ).toBe(
      'A                          B                   C\n' +
        'a-rather-long-cell-value   b                   last cell\n',
    );
  });

  it('ps: CONTAINER IMAGE CREATED STATE NAME ATTEMPT POD ID POD NAMESPACE', () => {
    expect(containersTable([SIDECAR, WEB], NOW)).toBe(
      'CONTAINER           IMAGE                       CREATED              STATE               NAME                       ATTEMPT             POD ID              POD                 NAMESPACE\n' +
        'b2c3d4e5f6a7b       localhost/kubelab/shell:1   3 hours ago          Exited              sidecar-with-a-long-name   2                   fedcba9876543       unknown             unknown\n' +
        'a1b2c3d4e5f6a       f00df00df00df               About a minute ago   Running             web                        0                   0123456789abc       web-7d9f            default\n',
    );
  });

  it('ps --no-trunc keeps whole ids and the image digest', () => {
    const row = containersTable([WEB], NOW, true).split('\n')[1]!;
    expect(row.startsWith(`${WEB.id}   ${WEB.image.image}   About a minute ago`)).toBe(true);
    expect(row).toContain(`   ${WEB.podSandboxId}   web-7d9f`);
  });

  it('ps -v prints a block per container, labels sorted, none for an empty map', () => {
    expect(containersVerbose([WEB, SIDECAR], NOW)).toBe(
      `ID: ${WEB.id}\nPodID: ${WEB.podSandboxId}\nNamespace: default\nName: web\nAttempt: 0\n` +
        `State: Running\nImage: ${WEB.image.image}\nCreated: About a minute ago\nLabels:\n` +
        '\tio.kubernetes.pod.name -> web-7d9f\n\tio.kubernetes.pod.namespace -> default\n\n' +
        `ID: ${SIDECAR.id}\nPodID: ${SIDECAR.podSandboxId}\nNamespace: unknown\n` +
        'Name: sidecar-with-a-long-name\nAttempt: 2\nState: Exited\n' +
        'Image: localhost/kubelab/shell:1\nCreated: 3 hours ago\n\n',
    );
  });

  it('pods: POD ID CREATED STATE NAME NAMESPACE ATTEMPT RUNTIME', () => {
    expect(podsTable([POD_A, POD_B], NOW)).toBe(
      'POD ID              CREATED             STATE               NAME                       NAMESPACE           ATTEMPT             RUNTIME\n' +
        '0123456789abc       5 minutes ago       Ready               web-7d9f                   default             0                   (default)\n' +
        'fedcba9876543       26 hours ago        NotReady            coredns-5d78c9869d-x2x7q   kube-system         1                   runc\n',
    );
  });

  it('images: a row per tag, ids without sha256: cut to 13, sizes with 3 digits', () => {
    expect(imagesTable(sortImages(IMAGES))).toBe(
      'IMAGE                   TAG                 IMAGE ID            SIZE\n' +
        'localhost/kubelab/web   1                   ab12ab12ab12a       1.23MB\n' +
        'localhost/kubelab/web   latest              ab12ab12ab12a       1.23MB\n' +
        'registry.k8s.io/pause   <none>              9f9f9f9f9f9f9       1e+03kB\n',
    );
  });

  it('images --digests --pinned add DIGEST and PINNED', () => {
    expect(imagesTable([IMAGES[1]!], { digests: true, pinned: true })).toBe(
      'IMAGE                   TAG                 DIGEST              IMAGE ID            SIZE                PINNED\n' +
        'registry.k8s.io/pause   <none>              ee55ee55ee55e       9f9f9f9f9f9f9       1e+03kB             true\n',
    );
  });

  it('images REPOSITORY[:TAG] selects by tag, repository or id prefix', () => {
    const [web, pause] = IMAGES as [(typeof IMAGES)[0], (typeof IMAGES)[0]];
    expect(matchesRef(web, 'localhost/kubelab/web')).toBe(true);
    expect(matchesRef(web, 'localhost/kubelab/web:latest')).toBe(true);
    expect(matchesRef(web, 'localhost/kubelab/web:2')).toBe(false);
    expect(matchesRef(pause, '9f9f9f')).toBe(true);
    expect(matchesRef(pause, 'localhost/kubelab/web')).toBe(false);
  });

  it('version: four lines with two spaces after the colon', () => {
    expect(
      versionText({
        version: '0.1.0',
        runtimeName: 'containerd',
        runtimeVersion: '1.6.20~ds1',
        runtimeApiVersion: 'v1',
      }),
    ).toBe(
      'Version:  0.1.0\nRuntimeName:  containerd\nRuntimeVersion:  1.6.20~ds1\nRuntimeApiVersion:  v1\n',
    );
  });

  it('stats: CPU % from two samples, memory in decimal units, stopped ones left out', () => {
    const sample = (id: string, name: string, t: number, cpu: number, mem: number) => ({
      attributes: { id, metadata: { name, attempt: 0 }, labels: {} },
      cpu: { timestamp: nanos(t), usageCoreNanoSeconds: { value: String(cpu) } },
      memory: { timestamp: nanos(t), workingSetBytes: { value: String(mem) } },
    });
    const before = [sample(WEB.id, 'web', NOW, 2e9, 1234567), sample(SIDECAR.id, 'sc', NOW, 0, 0)];
    const after = [
      sample(WEB.id, 'web', NOW + 1000, 2.5e9, 1234567),
      sample(SIDECAR.id, 'sc', NOW + 1000, 0, 0),
    ];
    expect(statsTable(before, after)).toBe(
      'CONTAINER           NAME                CPU %               MEM                 DISK                INODES              SWAP\n' +
        'a1b2c3d4e5f6a       web                 50.00               1.235MB             0B                  0                   0B\n',
    );
    expect(statsTable(before, after, true).split('\n')).toHaveLength(4);
  });
});
