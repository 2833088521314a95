import type {
  CoreV1Event,
  V1Deployment,
  V1EndpointSlice,
  V1Endpoints,
  V1Ingress,
  V1Job,
  V1Node,
  V1PersistentVolumeClaim,
  V1Pod,
  V1ReplicaSet,
  V1Service,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';

/**
 * A client-node model as the analyzers accept it. Objects from client-node carry `Date` timestamps;
 * objects parsed from the apiserver's JSON (watch events, kubectl output, fixtures) carry ISO strings.
 * The same widening as libs/k8s's mappers, repeated here because this library depends on no adapter.
 */
export type Wire<T> = T extends Date
  ? Date | string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/**
 * What the analyzers read, as lists from the apiserver. A list left out means "not loaded": analyzers that
 * need it to judge another object say nothing rather than guess (an Ingress is not reported as pointing
 * at a missing Service when no Services were loaded). An empty list means "loaded, there are none".
 */
export interface ClusterSnapshot {
  pods?: Wire<V1Pod>[];
  /** core/v1 Events (what `kubectl get events` lists), for every object above. */
  events?: Wire<CoreV1Event>[];
  deployments?: Wire<V1Deployment>[];
  replicaSets?: Wire<V1ReplicaSet>[];
  services?: Wire<V1Service>[];
  endpoints?: Wire<V1Endpoints>[];
  endpointSlices?: Wire<V1EndpointSlice>[];
  ingresses?: Wire<V1Ingress>[];
  persistentVolumeClaims?: Wire<V1PersistentVolumeClaim>[];
  horizontalPodAutoscalers?: Wire<V2HorizontalPodAutoscaler>[];
  nodes?: Wire<V1Node>[];
  jobs?: Wire<V1Job>[];
}
