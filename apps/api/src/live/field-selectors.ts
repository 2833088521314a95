import { type KindName, KINDS } from '@orphelix/k8s';
import type { FieldRequirement } from '../common/query/selectors';

type Getter = (obj: Record<string, unknown>) => unknown;

const path =
  (...keys: string[]): Getter =>
  (obj) => {
    let value: unknown = obj;
    for (const key of keys) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    return value;
  };

const NAMESPACED: Record<string, Getter> = {
  'metadata.name': path('metadata', 'name'),
  'metadata.namespace': path('metadata', 'namespace'),
};

/** Cluster-scoped kinds have no `metadata.namespace` field label. */
const CLUSTER_SCOPED: Record<string, Getter> = { 'metadata.name': path('metadata', 'name') };

/**
 * The field labels the apiserver supports per kind (its `GetAttrs`/field label conversion functions),
 * limited to those that map one-to-one onto a field. Anything else stays with the apiserver, which
 * alone decides whether a field selector is valid.
 */
const FIELDS: Partial<Record<KindName, Record<string, Getter>>> = {
  pods: {
    'spec.nodeName': path('spec', 'nodeName'),
    'spec.restartPolicy': path('spec', 'restartPolicy'),
    'spec.schedulerName': path('spec', 'schedulerName'),
    'spec.serviceAccountName': path('spec', 'serviceAccountName'),
    'spec.hostNetwork': (o) => path('spec', 'hostNetwork')(o) === true,
    'status.phase': path('status', 'phase'),
    'status.podIP': path('status', 'podIP'),
    'status.nominatedNodeName': path('status', 'nominatedNodeName'),
  },
  events: {
    'involvedObject.kind': path('involvedObject', 'kind'),
    'involvedObject.namespace': path('involvedObject', 'namespace'),
    'involvedObject.name': path('involvedObject', 'name'),
    'involvedObject.uid': path('involvedObject', 'uid'),
    'involvedObject.apiVersion': path('involvedObject', 'apiVersion'),
    'involvedObject.resourceVersion': path('involvedObject', 'resourceVersion'),
    'involvedObject.fieldPath': path('involvedObject', 'fieldPath'),
    reason: path('reason'),
    reportingComponent: path('reportingComponent'),
    source: path('source', 'component'),
    type: path('type'),
  },
  secrets: { type: path('type') },
  namespaces: { 'status.phase': path('status', 'phase') },
  nodes: { 'spec.unschedulable': (o) => path('spec', 'unschedulable')(o) === true },
};

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

/**
 * A predicate for a field selector the cache can evaluate exactly as the apiserver does, or `null`
 * when some field is not one it knows (the request then goes to the apiserver).
 */
export function localFieldMatcher(kind: KindName, requirements: readonly FieldRequirement[]): ((obj: object) => boolean) | null {
  const fields = { ...(KINDS[kind].namespaced ? NAMESPACED : CLUSTER_SCOPED), ...FIELDS[kind] };
  const checks: ((obj: Record<string, unknown>) => boolean)[] = [];
  for (const { key, operator, value } of requirements) {
    const get = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (!get) return null;
    checks.push(operator === '!=' ? (o) => text(get(o)) !== value : (o) => text(get(o)) === value);
  }
  return (obj) => checks.every((check) => check(obj as Record<string, unknown>));
}
