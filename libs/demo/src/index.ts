export { DEMO_CONTEXT, DemoCluster, type DemoClusterOptions } from './lib/demo-cluster';
export { fieldMatcher, matchesLabels, parseFieldSelector, parseLabelSelector } from './lib/selectors';
export type { FieldRequirement, LabelOperator, LabelRequirement } from './lib/selectors';
export type { ChangeRecord, ChangeType } from './lib/store';
