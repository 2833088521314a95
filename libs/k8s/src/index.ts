export * from './kinds/kinds';
export * from './port/cluster-port';
export * from './port/errors';
export * from './mappers';
export * from './adapter/kubeconfig';
export * from './adapter/kube-cluster';
export { parseForbidden } from './adapter/errors';
export * from './cache';
