import { ApiProperty } from '@nestjs/swagger';
import type {
  CreatedPullRequest,
  GitHubBranch,
  GitHubFile,
  GitHubPullRequest,
  GitHubRepo,
  GitHubTree,
  GitHubTreeEntry,
  MatchCandidate,
  MatchResult,
  MatchVia,
} from '@orphelix/github';

// The answers of /api/github, as the OpenAPI document and the generated client describe them.

export class GitHubRepoDto implements GitHubRepo {
  owner!: string;
  name!: string;
  /** `owner/name`. */
  fullName!: string;
  defaultBranch!: string;
  private!: boolean;
  /** ISO 8601. */
  updatedAt!: string;
}

export class GitHubRepoPageDto {
  @ApiProperty({ type: [GitHubRepoDto] })
  items!: GitHubRepoDto[];
  page!: number;
  /** The next page's number; null on the last page. */
  @ApiProperty({ type: 'integer', nullable: true })
  nextPage!: number | null;
}

export class GitHubBranchDto implements GitHubBranch {
  name!: string;
  protected!: boolean;
  /** The head commit. */
  sha!: string;
}

export class GitHubBranchPageDto {
  @ApiProperty({ type: [GitHubBranchDto] })
  items!: GitHubBranchDto[];
  page!: number;
  @ApiProperty({ type: 'integer', nullable: true })
  nextPage!: number | null;
}

export class GitHubTreeEntryDto implements GitHubTreeEntry {
  /** From the repository root. */
  path!: string;
  @ApiProperty({ enum: ['file', 'dir'] })
  type!: 'file' | 'dir';
  /** Bytes, for files; null for folders. */
  @ApiProperty({ type: 'integer', nullable: true })
  size!: number | null;
  /** Blob SHA for files, tree SHA for folders. */
  sha!: string;
}

export class GitHubTreeDto implements GitHubTree {
  /** The ref listed (the default branch when none was asked for). */
  ref!: string;
  /** The folder listed; `''` for the root. */
  path!: string;
  /** The folder's tree SHA. */
  sha!: string;
  @ApiProperty({ type: [GitHubTreeEntryDto] })
  entries!: GitHubTreeEntryDto[];
  /** GitHub stopped listing (very large trees): list sub-folders one by one. */
  truncated!: boolean;
}

export class GitHubFileDto implements GitHubFile {
  path!: string;
  /** UTF-8 text. */
  content!: string;
  /** Blob SHA: send it back as `sha` when proposing a change, to detect concurrent edits. */
  sha!: string;
  /** Bytes. */
  size!: number;
  /** The ref read (the default branch when none was asked for). */
  ref!: string;
}

export class CreatedPullRequestDto implements CreatedPullRequest {
  number!: number;
  /** The pull request's web page. */
  url!: string;
  /** The new branch holding the commit. */
  branch!: string;
  /** The branch the pull request targets. */
  base!: string;
  /** The one commit holding every file. */
  commitSha!: string;
  /** Whether the pull request was remembered on the resource (settings `pullRequests`); false without a resource. */
  tracked!: boolean;
}

export class GitHubPullRequestDto implements GitHubPullRequest {
  number!: number;
  url!: string;
  @ApiProperty({ enum: ['open', 'closed', 'merged'] })
  state!: 'open' | 'closed' | 'merged';
  title!: string;
  /** ISO 8601. */
  updatedAt!: string;
}

const VIA: MatchVia[] = ['argocd', 'flux', 'helm', 'kustomize', 'content', 'path'];

export class MatchCandidateDto implements MatchCandidate {
  /** File path from the repository root. */
  path!: string;
  /** 0..1; an exact kind + name + namespace match scores 0.85 or more. */
  score!: number;
  /** Why, one reason per piece of evidence. */
  reasons!: string[];
  /** Which YAML document of the file, counting from 0 the documents that hold something. */
  documentIndex?: number;
  /** The strongest evidence behind the candidate. */
  @ApiProperty({ enum: VIA })
  via!: MatchVia;
  /** 0..1, the model's confidence when it re-ranked the candidates; null otherwise. */
  @ApiProperty({ type: 'number', nullable: true })
  modelConfidence!: number | null;
  /** The model's reason, when it re-ranked the candidates; null otherwise. */
  @ApiProperty({ type: 'string', nullable: true })
  modelReason!: string | null;
}

/** How the candidates were ordered. */
export class MatchRankingDto {
  /** `model`: re-ranked by the configured model; `deterministic`: the matcher's own order. */
  @ApiProperty({ enum: ['deterministic', 'model'] })
  method!: 'deterministic' | 'model';
  /** The configured model, if any. */
  @ApiProperty({ type: 'string', nullable: true })
  model!: string | null;
  /** Why the model's order is not used although a model is configured (its answer failed or did not parse). */
  @ApiProperty({ type: 'string', nullable: true })
  note!: string | null;
}

export class MatchFileResultDto implements MatchResult {
  /** Best first; empty when nothing in the repository points at the object. */
  @ApiProperty({ type: [MatchCandidateDto] })
  candidates!: MatchCandidateDto[];
  /** What the cluster said about where the object comes from, in words. */
  signals!: string[];
  /** YAML files in the repository. */
  filesConsidered!: number;
  /** Files actually read. */
  filesRead!: number;
  /** True when some YAML files were not read, or GitHub cut the file list short. */
  truncated!: boolean;
  /** How complete the search was, in words. */
  notes!: string[];
  /** The ref searched (the default branch when none was asked for). */
  ref!: string;
  /** GitHub cut the repository's file list short (very large repositories): files may be missing. */
  treeTruncated!: boolean;
  /** Whether the configured model re-ranked the candidates. */
  ranking!: MatchRankingDto;
}
