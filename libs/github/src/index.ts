/** GitHub for Orphelix: OAuth, repositories, files and pull requests, and finding a live object's manifest. */
export * from './lib/port';
export * from './lib/errors';
export { OctokitGitHub, defaultApiUrl, type OctokitGitHubOptions } from './lib/octokit-github';
export * from './match';
