import type { SettingsDto } from '../api/generated/types.gen';

/** For specs: the settings `GET /api/settings` answers for a user who changed nothing, with `changes` on top. */
export function settingsDto(changes: Partial<SettingsDto> = {}): SettingsDto {
  return {
    theme: 'system',
    defaultContext: null,
    defaultNamespace: null,
    contextAliases: {},
    sidebarPins: null,
    criticalIssues: { failedPods: true, pendingPods: true, notReadyNodes: true, degradedDeployments: true, unboundVolumes: true },
    liveUpdates: true,
    github: { repo: null, branch: null },
    editBasket: [],
    pullRequests: [],
    ...changes,
  };
}

/** For specs: a JSON answer as the API sends it. */
export const jsonResponse = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
