export * from './finding';
export type { ClusterSnapshot, Wire } from './snapshot';
export { analyze, analyzeObject } from './analyze';
