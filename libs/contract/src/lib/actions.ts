/** What `POST /api/<kind>/{name}/restart` did. */
export interface RestartResponse {
  /** The object restarted. */
  name: string;
  namespace: string;
  /** The kubeconfig context it was done in. */
  context: string;
  /** ISO-8601 time of the restart (the `kubectl.kubernetes.io/restartedAt` stamp for workloads). */
  restartedAt: string;
  /**
   * `rollout`: the pod template was stamped and the controller replaces the pods, as `kubectl rollout
   * restart` does. `deleted`: the pod was deleted; `recreatedBy` names the controller that recreates it,
   * or is null when the deletion was forced on a pod no controller owns.
   */
  action: 'rollout' | 'deleted';
  /** The owning controller that recreates a deleted pod (kind and name), when there is one. */
  recreatedBy: { kind: string; name: string } | null;
}
