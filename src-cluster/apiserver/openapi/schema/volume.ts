/**
 * core/v1 Volume: a name plus exactly one source. The sources a lab uses (emptyDir, configMap,
 * secret, hostPath, persistentVolumeClaim, projected, downwardAPI) have full schemas; cloud and
 * network plugins are modelled loosely so manifests using them still pass validation.
 */
import {
  CORE,
  bool,
  int,
  loose,
  quantity,
  ref,
  refList,
  str,
  struct,
  type Definitions,
  type Schema,
} from './builder';

const C = CORE;

/** Volume plugins kubelab accepts but does not describe field by field: [field, definition, what]. */
const LOOSE_SOURCES: [string, string, string][] = [
  ['awsElasticBlockStore', 'AWSElasticBlockStoreVolumeSource', 'An AWS EBS disk (deprecated).'],
  ['azureDisk', 'AzureDiskVolumeSource', 'An Azure data disk (deprecated).'],
  ['azureFile', 'AzureFileVolumeSource', 'An Azure File share (deprecated).'],
  ['cephfs', 'CephFSVolumeSource', 'A CephFS mount.'],
  ['cinder', 'CinderVolumeSource', 'An OpenStack Cinder volume (deprecated).'],
  ['csi', 'CSIVolumeSource', 'An inline volume provided by a CSI driver.'],
  ['ephemeral', 'EphemeralVolumeSource', 'A claim created and deleted with the pod.'],
  ['fc', 'FCVolumeSource', 'A Fibre Channel disk.'],
  ['flexVolume', 'FlexVolumeSource', 'A volume from an exec-based FlexVolume driver.'],
  ['flocker', 'FlockerVolumeSource', 'A Flocker dataset (deprecated).'],
  ['gcePersistentDisk', 'GCEPersistentDiskVolumeSource', 'A GCE persistent disk (deprecated).'],
  ['gitRepo', 'GitRepoVolumeSource', 'A git checkout (deprecated).'],
  ['glusterfs', 'GlusterfsVolumeSource', 'A GlusterFS mount (deprecated).'],
  ['iscsi', 'ISCSIVolumeSource', 'An iSCSI disk.'],
  ['nfs', 'NFSVolumeSource', 'An NFS export.'],
  ['photonPersistentDisk', 'PhotonPersistentDiskVolumeSource', 'A Photon disk (deprecated).'],
  ['portworxVolume', 'PortworxVolumeSource', 'A Portworx volume (deprecated).'],
  ['quobyte', 'QuobyteVolumeSource', 'A Quobyte mount (deprecated).'],
  ['rbd', 'RBDVolumeSource', 'A Ceph RBD image (deprecated).'],
  ['scaleIO', 'ScaleIOVolumeSource', 'A ScaleIO volume (deprecated).'],
  ['storageos', 'StorageOSVolumeSource', 'A StorageOS volume (deprecated).'],
  ['vsphereVolume', 'VsphereVirtualDiskVolumeSource', 'A vSphere disk (deprecated).'],
];

const looseFields: Record<string, Schema> = {};
const looseDefinitions: Definitions = {};
for (const [field, def, what] of LOOSE_SOURCES) {
  looseFields[field] = ref(C + def, what);
  looseDefinitions[C + def] = loose(what);
}

const mode = (what: string): Schema =>
  int(`Permission bits of ${what}, e.g. 0644 (YAML octal) or 420 (decimal).`);

export const VOLUME_DEFINITIONS: Definitions = {
  [C + 'Volume']: struct(
    'A named piece of storage the pod’s containers can mount; set name and one source.',
    {
      ...looseFields,
      configMap: ref(C + 'ConfigMapVolumeSource', 'Files made from the keys of a ConfigMap.'),
      downwardAPI: ref(C + 'DownwardAPIVolumeSource', 'Files holding the pod’s own fields.'),
      emptyDir: ref(
        C + 'EmptyDirVolumeSource',
        'An empty directory that lives as long as the pod.',
      ),
      hostPath: ref(C + 'HostPathVolumeSource', 'A file or directory of the node.'),
      name: str('The volume name containers use in volumeMounts.'),
      persistentVolumeClaim: ref(
        C + 'PersistentVolumeClaimVolumeSource',
        'The volume bound to a PersistentVolumeClaim.',
      ),
      projected: ref(C + 'ProjectedVolumeSource', 'Several sources merged into one directory.'),
      secret: ref(C + 'SecretVolumeSource', 'Files made from the keys of a Secret.'),
    },
    ['name'],
  ),
  ...looseDefinitions,
  [C + 'ConfigMapVolumeSource']: struct('Projects a ConfigMap’s keys as files.', {
    defaultMode: mode('the files'),
    items: refList(C + 'KeyToPath', 'Only these keys, at these paths; all keys when empty.'),
    name: str('Name of the ConfigMap.'),
    optional: bool('Start the pod even if the ConfigMap is missing.'),
  }),
  [C + 'SecretVolumeSource']: struct('Projects a Secret’s keys as files.', {
    defaultMode: mode('the files'),
    items: refList(C + 'KeyToPath', 'Only these keys, at these paths; all keys when empty.'),
    optional: bool('Start the pod even if the Secret is missing.'),
    secretName: str('Name of the Secret.'),
  }),
  [C + 'EmptyDirVolumeSource']: struct('A scratch directory created empty for the pod.', {
    medium: str('Empty for node disk, or Memory for a tmpfs.'),
    sizeLimit: quantity('Upper bound on the space used; exceeding it evicts the pod.'),
  }),
  [C + 'HostPathVolumeSource']: struct(
    'A path on the node mounted into the pod.',
    {
      path: str('The path on the node.'),
      type: str('What must exist there: Directory, File, DirectoryOrCreate, Socket …'),
    },
    ['path'],
  ),
  [C + 'KeyToPath']: struct(
    'Maps one key to a file path.',
    {
      key: str('The key to project.'),
      mode: mode('this file'),
      path: str('Relative file path to write the value to.'),
    },
    ['key', 'path'],
  ),
  [C + 'PersistentVolumeClaimVolumeSource']: struct(
    'Mounts the volume bound to a claim in the pod’s namespace.',
    {
      claimName: str('Name of the PersistentVolumeClaim.'),
      readOnly: bool('Mount read-only.'),
    },
    ['claimName'],
  ),
  [C + 'ProjectedVolumeSource']: struct('Several volume sources projected into one directory.', {
    defaultMode: mode('the files'),
    sources: refList(C + 'VolumeProjection', 'The sources to combine.'),
  }),
  [C + 'VolumeProjection']: struct('One source of a projected volume; set exactly one field.', {
    clusterTrustBundle: ref(C + 'ClusterTrustBundleProjection', 'A bundle of CA certificates.'),
    configMap: ref(C + 'ConfigMapProjection', 'Keys of a ConfigMap.'),
    downwardAPI: ref(C + 'DownwardAPIProjection', 'Fields of the pod.'),
    secret: ref(C + 'SecretProjection', 'Keys of a Secret.'),
    serviceAccountToken: ref(
      C + 'ServiceAccountTokenProjection',
      'A short-lived token of the pod’s service account.',
    ),
  }),
  [C + 'ClusterTrustBundleProjection']: loose('Selects ClusterTrustBundles to write as one file.'),
  [C + 'ConfigMapProjection']: loose('A ConfigMap’s keys (name, items, optional).'),
  [C + 'DownwardAPIProjection']: loose('Pod fields written as files (items).'),
  [C + 'SecretProjection']: loose('A Secret’s keys (name, items, optional).'),
  [C + 'ServiceAccountTokenProjection']: loose(
    'A bound token (audience, expirationSeconds, path).',
  ),
  [C + 'DownwardAPIVolumeSource']: struct('Exposes fields of the pod as files.', {
    defaultMode: mode('the files'),
    items: refList(C + 'DownwardAPIVolumeFile', 'The files to create.'),
  }),
  [C + 'DownwardAPIVolumeFile']: struct(
    'One file holding a pod field or resource value.',
    {
      fieldRef: ref(C + 'ObjectFieldSelector', 'The pod field to write.'),
      mode: mode('this file'),
      path: str('Relative path of the file.'),
      resourceFieldRef: ref(C + 'ResourceFieldSelector', 'The resource value to write.'),
    },
    ['path'],
  ),
};
