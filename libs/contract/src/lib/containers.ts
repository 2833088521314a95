/** Containers as declared in a pod spec or a workload's pod template, and their runtime status. */

/** A container port (`ports[]`). */
export interface ContainerPortDto {
  /** Port name, referable by services and probes; `null` when unnamed. */
  name: string | null;
  /** Port the container listens on. */
  containerPort: number;
  /** `TCP`, `UDP` or `SCTP`. */
  protocol: string;
  /** Port exposed on the node; `null` when not set. */
  hostPort: number | null;
}

/**
 * Where an environment variable's value comes from, when it is not a literal. Values behind a
 * reference are never resolved: a Secret's value never appears here.
 */
export interface EnvVarSourceDto {
  /** `configMapKeyRef`, `secretKeyRef`, `fieldRef`, `resourceFieldRef` or `fileKeyRef`. */
  type: 'configMapKeyRef' | 'secretKeyRef' | 'fieldRef' | 'resourceFieldRef' | 'fileKeyRef';
  /** ConfigMap or Secret name for key references, volume name for `fileKeyRef`; `null` for the other types. */
  name: string | null;
  /** Key in the ConfigMap, Secret or env file; `null` for the other types. */
  key: string | null;
  /**
   * The field path (`fieldRef`, e.g. `status.podIP`), resource (`resourceFieldRef`, e.g. `limits.cpu`) or
   * file path within the volume (`fileKeyRef`); else `null`.
   */
  field: string | null;
  /** `true` when the container starts even if the referenced object or key is missing. */
  optional: boolean;
}

/** One `env[]` entry. */
export interface EnvVarDto {
  /** Variable name. */
  name: string;
  /** The literal value from the spec; `null` when the value comes from {@link EnvVarDto.valueFrom}. */
  value: string | null;
  /** The reference the value is read from; `null` for literal values. */
  valueFrom: EnvVarSourceDto | null;
}

/** One `envFrom[]` entry: every key of a ConfigMap or Secret becomes a variable. */
export interface EnvFromSourceDto {
  /** Whether the source is a ConfigMap or a Secret. */
  type: 'configMap' | 'secret';
  /** Name of the ConfigMap or Secret. */
  name: string;
  /** Prefix added to every variable name; `null` when none. */
  prefix: string | null;
  /** `true` when the container starts even if the object is missing. */
  optional: boolean;
}

/** A volume mount of a container. */
export interface VolumeMountDto {
  /** Name of the pod volume mounted. */
  name: string;
  /** Path inside the container. */
  mountPath: string;
  /** Sub-path within the volume; `null` when the whole volume is mounted. */
  subPath: string | null;
  /** `true` for read-only mounts. */
  readOnly: boolean;
}

/** Resource requests and limits, as Kubernetes quantities (`250m`, `512Mi`). */
export interface ResourceRequirementsDto {
  /** Requested resources by name (`cpu`, `memory`, …); `{}` when none. */
  requests: Record<string, string>;
  /** Resource limits by name; `{}` when none. */
  limits: Record<string, string>;
}

/** The HTTP request of an `httpGet` probe. */
export interface HttpGetProbeDto {
  /** Request path (`/` when unset). */
  path: string;
  /** Port number or named container port. */
  port: number | string;
  /** `HTTP` or `HTTPS`. */
  scheme: string;
  /** Host header / address; `null` for the pod IP. */
  host: string | null;
}

/** The connection of a `tcpSocket` probe. */
export interface TcpSocketProbeDto {
  /** Port number or named container port. */
  port: number | string;
  /** Address; `null` for the pod IP. */
  host: string | null;
}

/** The command of an `exec` probe. */
export interface ExecProbeDto {
  /** Command and arguments, run in the container without a shell. */
  command: string[];
}

/** The call of a `grpc` probe. */
export interface GrpcProbeDto {
  /** Port of the gRPC health service. */
  port: number;
  /** Service name passed to the health check; `null` for the server as a whole. */
  service: string | null;
}

/** A liveness, readiness or startup probe. Timing fields carry the Kubernetes defaults when unset. */
export interface ProbeDto {
  /** The probe mechanism. */
  type: 'httpGet' | 'tcpSocket' | 'exec' | 'grpc' | 'unknown';
  /** HTTP GET target for `httpGet`, else `null`. */
  httpGet: HttpGetProbeDto | null;
  /** TCP target for `tcpSocket`, else `null`. */
  tcpSocket: TcpSocketProbeDto | null;
  /** Command for `exec`, else `null`. */
  exec: ExecProbeDto | null;
  /** gRPC health-check target for `grpc`, else `null`. */
  grpc: GrpcProbeDto | null;
  /** Seconds after the container starts before the first probe. */
  initialDelaySeconds: number;
  /** Seconds between probes. */
  periodSeconds: number;
  /** Seconds after which a probe times out. */
  timeoutSeconds: number;
  /** Consecutive successes needed to count as passing. */
  successThreshold: number;
  /** Consecutive failures needed to count as failing. */
  failureThreshold: number;
  /** One line as `kubectl describe` prints it, e.g. `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`. */
  description: string;
}

/** A container as declared in a pod spec or pod template. */
export interface ContainerSpecDto {
  /** Container name, unique within the pod. */
  name: string;
  /** Image reference as written in the spec. */
  image: string;
  /** `Always`, `IfNotPresent` or `Never`; `null` when unset. */
  imagePullPolicy: string | null;
  /** Entrypoint override; `[]` when the image's is used. */
  command: string[];
  /** Arguments; `[]` when none. */
  args: string[];
  /** Declared ports. */
  ports: ContainerPortDto[];
  /** Environment variables; values behind references are never resolved. */
  env: EnvVarDto[];
  /** Whole ConfigMaps / Secrets imported as variables. */
  envFrom: EnvFromSourceDto[];
  /** Requests and limits. */
  resources: ResourceRequirementsDto;
  /** Volume mounts. */
  volumeMounts: VolumeMountDto[];
  /** Liveness probe; `null` when none. */
  livenessProbe: ProbeDto | null;
  /** Readiness probe; `null` when none. */
  readinessProbe: ProbeDto | null;
  /** Startup probe; `null` when none. */
  startupProbe: ProbeDto | null;
  /**
   * `true` for an init container with `restartPolicy: Always` (a native sidecar): it keeps running
   * next to the regular containers and counts towards READY. Always `false` for regular containers.
   */
  sidecar: boolean;
}

/**
 * A container's state (`state` or `lastState`). Exactly one of Kubernetes' waiting / running /
 * terminated is described; fields that do not apply to it are `null`.
 */
export interface ContainerStateDto {
  /** Which state the container is (or was) in; `unknown` when the kubelet reported none. */
  state: 'waiting' | 'running' | 'terminated' | 'unknown';
  /** Waiting or terminated reason, e.g. `CrashLoopBackOff`, `OOMKilled`, `Completed`; else `null`. */
  reason: string | null;
  /** Waiting or terminated message; `null` when none. */
  message: string | null;
  /** Exit code of a terminated container; else `null`. */
  exitCode: number | null;
  /** Signal that killed a terminated container; `null` when none. */
  signal: number | null;
  /** When the running or terminated container started, ISO-8601; else `null`. */
  startedAt: string | null;
  /** When the terminated container finished, ISO-8601; else `null`. */
  finishedAt: string | null;
}

/** A container of a pod: its spec merged with its status. */
export interface PodContainerDto extends ContainerSpecDto {
  /** `true` when the container passes its readiness probe. */
  ready: boolean;
  /** `true` once the startup probe passed (or the container started, without one); `null` when unknown. */
  started: boolean | null;
  /** Times the container was restarted. */
  restartCount: number;
  /** Current state; `state: 'unknown'` when the pod has no status for the container yet. */
  state: ContainerStateDto;
  /** The previous termination, which explains a restart (e.g. `OOMKilled`, exit code 1); `null` when none. */
  lastState: ContainerStateDto | null;
  /** Image actually running, with its digest; `null` before it is pulled. */
  imageID: string | null;
  /** Runtime container id, e.g. `containerd://…`; `null` before it is created. */
  containerID: string | null;
}
