import type { V1Container, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { Wire } from './snapshot';

/** A container's status with the paths evidence names it by, and its spec. */
export interface ContainerView {
  name: string;
  init: boolean;
  status: Wire<V1ContainerStatus>;
  spec: Wire<V1Container> | undefined;
  /** e.g. `status.containerStatuses[0]` */
  statusPath: string;
  /** e.g. `spec.containers[0]`; `null` when the spec does not list the container. */
  specPath: string | null;
}

/** Init containers first, as they run. */
export function containerViews(pod: Wire<V1Pod>): ContainerView[] {
  const views: ContainerView[] = [];
  const add = (statuses: Wire<V1ContainerStatus>[] | undefined, specs: Wire<V1Container>[] | undefined, init: boolean): void => {
    (statuses ?? []).forEach((status, i) => {
      const j = (specs ?? []).findIndex((c) => c.name === status.name);
      const list = init ? 'initContainers' : 'containers';
      views.push({
        name: status.name,
        init,
        status,
        spec: j >= 0 ? specs?.[j] : undefined,
        statusPath: `status.${init ? 'initContainerStatuses' : 'containerStatuses'}[${i}]`,
        specPath: j >= 0 ? `spec.${list}[${j}]` : null,
      });
    });
  };
  add(pod.status?.initContainerStatuses, pod.spec?.initContainers, true);
  add(pod.status?.containerStatuses, pod.spec?.containers, false);
  return views;
}

/** What an exit code usually means, for the summary; `null` when it says nothing in particular. */
export function exitCodeMeaning(code: number | undefined): string | null {
  switch (code) {
    case 1:
      return 'the application exited with an error';
    case 126:
      return 'the command could not be executed (permissions or not an executable)';
    case 127:
      return 'the command was not found in the image';
    case 128 + 9:
      return 'the container was killed (SIGKILL), often by the kernel for using too much memory';
    case 128 + 11:
      return 'the process crashed with a segmentation fault (SIGSEGV)';
    case 128 + 15:
      return 'the container was stopped (SIGTERM) and exited';
    default:
      return null;
  }
}
