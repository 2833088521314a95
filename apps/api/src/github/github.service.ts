import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { SETTINGS_LIMITS, type TrackedPullRequestDto } from '@orphelix/contract';
import {
  type CreatedPullRequest,
  type FileChange,
  GITHUB_PORT,
  type GitHubBranch,
  type GitHubPort,
  type GitHubPullRequest,
  type GitHubRepo,
  type GitHubTree,
  matchManifest,
  type Page,
} from '@orphelix/github';
import { parseAllDocuments } from 'yaml';
import type { RequestIdentity } from '../auth/identity';
import { type FieldError, RequestValidationError } from '../common/errors/request-validation.error';
import { SETTINGS_REPOSITORY, type SettingsRepository } from '../persistence/repositories/settings.repository';
import { DefaultBranches } from './default-branch';
import {
  type CreateBranchBody,
  type CreateMultiFilePullRequestBody,
  type CreatePullRequestBody,
  MAX_FILE_BYTES,
  MAX_TOTAL_BYTES,
  type MatchFileBody,
  type PullRequestResourceBody,
} from './dto/github-body.dto';
import type { GitHubBranchesQueryDto, GitHubFileQueryDto, GitHubPageQueryDto, GitHubRepoQueryDto, GitHubTreeQueryDto } from './dto/github-query.dto';
import type { CreatedPullRequestDto, GitHubFileDto, MatchFileResultDto } from './dto/github-response.dto';
import { gitHubNotConfigured } from '../common/errors/github-not-configured';
import { GitHubCredentials } from './github-credentials.service';
import { PortRepoReader } from './repo-reader';
import { MatchFileReranker } from '../ai/match-file-reranker';

/** Injection token of the {@link DefaultBranches} lookup (absent when GitHub is not configured). */
export const DEFAULT_BRANCHES = Symbol('DefaultBranches');

const DEFAULT_PER_PAGE = 30;

/** Files whose content must parse as YAML before a pull request is opened. */
const YAML_FILE = /\.ya?ml$/i;

/** One pull request's files, as the port takes them, with their body field for error messages. */
interface Change {
  file: FileChange;
  field: string;
}

/**
 * /api/github: browsing repositories and proposing changes as the signed-in GitHub user, through the
 * GitHub port. Pull requests opened for a cluster object are remembered in the user's settings.
 */
@Injectable()
export class GitHubService {
  private readonly logger = new Logger('GitHub');

  constructor(
    private readonly credentials: GitHubCredentials,
    @Inject(SETTINGS_REPOSITORY) private readonly settings: SettingsRepository,
    @Optional() @Inject(GITHUB_PORT) private readonly port: GitHubPort | null,
    @Optional() @Inject(DEFAULT_BRANCHES) private readonly defaults: DefaultBranches | null,
    private readonly reranker: MatchFileReranker,
  ) {}

  async listRepos(identity: RequestIdentity | undefined, query: GitHubPageQueryDto): Promise<Page<GitHubRepo>> {
    const { github, token } = await this.session(identity);
    return github.listRepos(token, pageOf(query));
  }

  async listBranches(identity: RequestIdentity | undefined, query: GitHubBranchesQueryDto): Promise<Page<GitHubBranch>> {
    const { github, token } = await this.session(identity);
    return github.listBranches(token, query.owner, query.repo, pageOf(query));
  }

  async createBranch(identity: RequestIdentity | undefined, body: CreateBranchBody): Promise<GitHubBranch> {
    const { github, token } = await this.session(identity);
    return github.createBranch(token, body.owner, body.repo, body.name, body.from);
  }

  async getTree(identity: RequestIdentity | undefined, query: GitHubTreeQueryDto): Promise<GitHubTree> {
    const { github, token, user } = await this.session(identity);
    const ref = query.ref ?? (await this.defaultBranch(user, token, query));
    return github.getTree(token, query.owner, query.repo, ref, { path: query.path ?? '', recursive: query.recursive ?? false });
  }

  async getFile(identity: RequestIdentity | undefined, query: GitHubFileQueryDto): Promise<GitHubFileDto> {
    const { github, token, user } = await this.session(identity);
    const ref = query.ref ?? (await this.defaultBranch(user, token, query));
    const file = await github.getFile(token, query.owner, query.repo, query.path, ref);
    return { path: file.path, content: file.content, sha: file.sha, size: file.size, ref };
  }

  async createPullRequest(identity: RequestIdentity | undefined, body: CreatePullRequestBody): Promise<CreatedPullRequestDto> {
    const title = body.title ?? (body.resource ? `Update ${describe(body.resource)}` : `Update ${body.path}`);
    return this.openPullRequest(identity, body, [{ file: { path: body.path, content: body.content, sha: body.sha }, field: 'body' }], title);
  }

  async createMultiFilePullRequest(
    identity: RequestIdentity | undefined,
    body: CreateMultiFilePullRequestBody,
  ): Promise<CreatedPullRequestDto> {
    const changes = body.files.map((file, index) => ({
      file: { path: file.path, content: file.content, sha: file.sha },
      field: `body.files[${index}]`,
    }));
    return this.openPullRequest(identity, body, changes, body.title);
  }

  async getPullRequest(identity: RequestIdentity | undefined, query: GitHubRepoQueryDto, number: number): Promise<GitHubPullRequest> {
    const { github, token } = await this.session(identity);
    return github.getPullRequest(token, query.owner, query.repo, number);
  }

  async matchFile(identity: RequestIdentity | undefined, body: MatchFileBody): Promise<MatchFileResultDto> {
    const { github, token, user } = await this.session(identity);
    const ref = body.ref ?? (await this.defaultBranch(user, token, body));
    const reader = new PortRepoReader(github, token, body.owner, body.repo, ref);
    const result = await matchManifest(reader, { object: body.object, owners: body.owners });
    const notes = reader.truncated
      ? [...result.notes, 'GitHub listed only part of the repository (too many files): some files were not considered']
      : result.notes;
    const meta = body.object.metadata;
    // Without a model configured the reranker keeps the matcher's order.
    const ranked = await this.reranker.rerank(
      { kind: body.object.kind, namespace: meta.namespace ?? null, name: meta.name, ...(meta.labels ? { labels: meta.labels } : {}) },
      result,
      (path) => reader.readFile(path),
    );
    return {
      ...result,
      candidates: ranked.candidates,
      ranking: ranked.ranking,
      notes,
      truncated: result.truncated || reader.truncated,
      ref,
      treeTruncated: reader.truncated,
    };
  }

  private async openPullRequest(
    identity: RequestIdentity | undefined,
    body: CreatePullRequestBody | CreateMultiFilePullRequestBody,
    changes: Change[],
    title: string,
  ): Promise<CreatedPullRequestDto> {
    checkFiles(changes);
    const { github, token, user } = await this.session(identity);
    const branch = body.branch ?? generatedBranch(body.resource);
    const paths = changes.map((change) => change.file.path);
    const created: CreatedPullRequest = await github.createPullRequest(token, {
      owner: body.owner,
      repo: body.repo,
      base: body.base,
      branch,
      files: changes.map((change) => change.file),
      commitMessage: body.commitMessage ?? title,
      title,
      body: body.body ?? defaultDescription(paths, body.resource),
    });
    const tracked = body.resource ? await this.track(user, body.owner, body.repo, created, body.resource) : false;
    return { number: created.number, url: created.url, branch: created.branch, base: created.base, commitSha: created.commitSha, tracked };
  }

  /** Remembers the pull request on the resource in the user's settings, newest last, the oldest dropped past the bound. */
  private async track(userId: string, owner: string, repo: string, created: CreatedPullRequest, resource: PullRequestResourceBody): Promise<boolean> {
    const entry: TrackedPullRequestDto = {
      resource: { context: resource.context, kind: resource.kind, namespace: resource.namespace, name: resource.name },
      owner,
      repo,
      number: created.number,
      url: created.url,
      openedAt: new Date().toISOString(),
    };
    try {
      await this.settings.update(userId, (document) => {
        const current = Array.isArray(document['pullRequests']) ? (document['pullRequests'] as unknown[]) : [];
        return { ...document, pullRequests: [...current, entry].slice(-SETTINGS_LIMITS.pullRequests) };
      });
      return true;
    } catch (error) {
      // The pull request exists either way: say it was not remembered rather than fail the request.
      this.logger.warn(`Could not record pull request #${created.number} of ${owner}/${repo} in the settings: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  private async session(identity: RequestIdentity | undefined): Promise<{ github: GitHubPort; token: string; user: string }> {
    if (!this.port) throw gitHubNotConfigured();
    const token = await this.credentials.accessToken(identity);
    return { github: this.port, token, user: identity?.id ?? '' };
  }

  private defaultBranch(user: string, token: string, where: { owner: string; repo: string }): Promise<string> {
    if (!this.defaults) throw gitHubNotConfigured();
    return this.defaults.of(user, token, where.owner, where.repo);
  }
}

function pageOf(query: { page?: number; perPage?: number }): { page: number; perPage: number } {
  return { page: query.page ?? 1, perPage: query.perPage ?? DEFAULT_PER_PAGE };
}

function describe(resource: PullRequestResourceBody): string {
  return `${resource.kind} ${resource.namespace === null ? '' : `${resource.namespace}/`}${resource.name}`;
}

/** `orphelix/<kind>-<name>-<8 hex>` for a resource, `orphelix/change-<8 hex>` otherwise. */
export function generatedBranch(resource: PullRequestResourceBody | undefined): string {
  const slug = resource
    ? `${resource.kind}-${resource.name}`
        .toLowerCase()
        .replace(/[^a-z0-9.-]+/g, '-')
        .replace(/\.{2,}/g, '.')
        .replace(/^[-.]+|[-.]+$/g, '')
        .slice(0, 80)
    : '';
  return `orphelix/${slug || 'change'}-${randomBytes(4).toString('hex')}`;
}

function defaultDescription(paths: string[], resource: PullRequestResourceBody | undefined): string {
  const lines = ['Proposed from Orphelix.', ''];
  if (resource) {
    lines.push(`Resource: ${describe(resource)} (context ${resource.context})`, '');
  }
  lines.push(paths.length === 1 ? 'File:' : `Files (${paths.length}):`, ...paths.map((path) => `- \`${path}\``));
  return lines.join('\n');
}

/** Distinct paths, bounded sizes, and YAML that parses (templated files, e.g. Helm's, are left alone). */
function checkFiles(changes: Change[]): void {
  const fields: FieldError[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const { file, field } of changes) {
    const bytes = Buffer.byteLength(file.content, 'utf8');
    total += bytes;
    if (seen.has(file.path)) fields.push({ field: `${field}.path`, message: `${file.path} is listed twice` });
    seen.add(file.path);
    if (bytes > MAX_FILE_BYTES) {
      fields.push({ field: `${field}.content`, message: `${file.path} is ${bytes} bytes; at most ${MAX_FILE_BYTES} per file` });
    } else if (YAML_FILE.test(file.path) && !file.content.includes('{{')) {
      const problem = yamlProblem(file.content);
      if (problem) fields.push({ field: `${field}.content`, message: `${file.path} is not valid YAML: ${problem}` });
    }
  }
  if (total > MAX_TOTAL_BYTES) {
    fields.push({ field: 'body.files', message: `the files hold ${total} bytes together; at most ${MAX_TOTAL_BYTES}` });
  }
  if (fields.length > 0) throw new RequestValidationError(fields);
}

function yamlProblem(content: string): string | null {
  for (const doc of parseAllDocuments(content)) {
    const error = doc.errors[0];
    if (error) return error.message.split('\n')[0] ?? error.code;
  }
  return null;
}
