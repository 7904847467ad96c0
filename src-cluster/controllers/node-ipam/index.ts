/** The node IPAM controller's entry point for the controller registry. */
export {
  DEFAULT_CLUSTER_CIDR,
  DEFAULT_NODE_CIDR_MASK_SIZE,
  NodeIpamController,
  createNodeIpamController,
  type NodeIpamOptions,
} from './node-ipam-controller';
export { CidrError, CidrFullError, CidrSet } from './cidr-set';
