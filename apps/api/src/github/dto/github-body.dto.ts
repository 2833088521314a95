import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SETTINGS_LIMITS } from '@orphelix/contract';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsObject,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CONTEXT_NAME, CONTEXT_NAME_MESSAGE, DNS1123_LABEL, dns1123LabelMessage } from '../../common/query/validators';
import {
  BRANCH,
  BRANCH_MAX,
  branchMessage,
  FILE_PATH,
  IsStringMap,
  OWNER,
  OWNER_MESSAGE,
  PATH_MAX,
  pathMessage,
  REPO,
  REPO_MESSAGE,
  SHA,
} from './github-names';

// Request bodies of /api/github. Unknown keys at any depth are a 400 (the global pipe). Decorators run
// bottom-up: each property's type check sits lowest so its message is the one reported.

/** Bytes of one file's new content (GitHub's own limit for editing through the API). */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Bytes of every file of one pull request together. */
export const MAX_TOTAL_BYTES = 5 * 1024 * 1024;
export const MAX_FILES = 50;
export const TITLE_MAX = 256;
export const TEXT_MAX = 65_536;

/** The key must be sent; null is a value. */
const RequiredNullable = (property: string): PropertyDecorator =>
  ValidateIf((object: object) => (object as Record<string, unknown>)[property] !== null);
/** The key may be left out, but not sent as null. */
const Present = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);

const KIND = /^[A-Za-z][A-Za-z0-9]*$/;
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const NAME_MESSAGE = 'name must be a Kubernetes object name (DNS-1123 subdomain)';

/** The cluster object a pull request changes; recorded in the user's settings to show a badge on it. */
export class PullRequestResourceBody {
  /** The kubeconfig context. */
  @ApiProperty({ maxLength: 255 })
  @Matches(CONTEXT_NAME, { message: CONTEXT_NAME_MESSAGE })
  @IsString()
  context!: string;

  /** e.g. `Deployment`. */
  @ApiProperty({ maxLength: SETTINGS_LIMITS.kindLength })
  @Matches(KIND, { message: 'kind must be a Kubernetes kind such as Deployment' })
  @MaxLength(SETTINGS_LIMITS.kindLength)
  @IsString()
  kind!: string;

  /** null for cluster-scoped objects. */
  @ApiProperty({ type: 'string', nullable: true, maxLength: 63 })
  @Matches(DNS1123_LABEL, { message: dns1123LabelMessage('namespace') })
  @MaxLength(63, { message: dns1123LabelMessage('namespace') })
  @IsString()
  @RequiredNullable('namespace')
  namespace!: string | null;

  @ApiProperty({ maxLength: SETTINGS_LIMITS.resourceNameLength })
  @Matches(NAME, { message: NAME_MESSAGE })
  @MaxLength(SETTINGS_LIMITS.resourceNameLength, { message: NAME_MESSAGE })
  @IsString()
  name!: string;
}

/** One file of a pull request. */
export class FileChangeBody {
  /** From the repository root, without a leading `/`. */
  @ApiProperty({ maxLength: PATH_MAX })
  @Matches(FILE_PATH, { message: pathMessage('path') })
  @Length(1, PATH_MAX, { message: pathMessage('path') })
  @IsString()
  path!: string;

  /** The new UTF-8 content, at most 1 MiB. YAML files (`.yaml`, `.yml`) must parse. */
  @ApiProperty()
  @IsString()
  content!: string;

  /** The blob SHA the change was made against (from `GET /api/github/file`); null for a new file. */
  @ApiProperty({ type: 'string', nullable: true, pattern: SHA.source })
  @Matches(SHA, { message: 'sha must be a blob SHA (40 or 64 hex digits), or null for a new file' })
  @IsString()
  @RequiredNullable('sha')
  sha!: string | null;
}

class PullRequestCommonBody {
  @ApiProperty({ pattern: OWNER.source })
  @Matches(OWNER, { message: OWNER_MESSAGE })
  @IsString()
  owner!: string;

  @ApiProperty({ pattern: REPO.source })
  @Matches(REPO, { message: REPO_MESSAGE })
  @IsString()
  repo!: string;

  /** The branch the pull request targets; omitted: the repository's default branch. */
  @ApiPropertyOptional({ maxLength: BRANCH_MAX })
  @Matches(BRANCH, { message: branchMessage('base') })
  @MaxLength(BRANCH_MAX, { message: branchMessage('base') })
  @IsString()
  @Present()
  base?: string;

  /** The new branch; it must not exist. Omitted: `orphelix/<resource-or-change>-<short id>`. */
  @ApiPropertyOptional({ maxLength: BRANCH_MAX })
  @Matches(BRANCH, { message: branchMessage('branch') })
  @MaxLength(BRANCH_MAX, { message: branchMessage('branch') })
  @IsString()
  @Present()
  branch?: string;

  /** The pull request's description (Markdown). */
  @ApiPropertyOptional({ maxLength: TEXT_MAX })
  @MaxLength(TEXT_MAX)
  @IsString()
  @Present()
  body?: string;

  /** Omitted: the title. */
  @ApiPropertyOptional({ maxLength: TEXT_MAX })
  @Length(1, TEXT_MAX)
  @IsString()
  @Present()
  commitMessage?: string;

  /** The cluster object the change is for: the pull request is then remembered on it (settings `pullRequests`). */
  @ApiPropertyOptional({ type: PullRequestResourceBody })
  @ValidateNested()
  @Type(() => PullRequestResourceBody)
  @IsObject()
  @Present()
  resource?: PullRequestResourceBody;
}

/** `POST /api/github/create-pr`: one file. */
export class CreatePullRequestBody extends PullRequestCommonBody {
  @ApiProperty({ maxLength: PATH_MAX })
  @Matches(FILE_PATH, { message: pathMessage('path') })
  @Length(1, PATH_MAX, { message: pathMessage('path') })
  @IsString()
  path!: string;

  /** The new UTF-8 content, at most 1 MiB. YAML files must parse. */
  @ApiProperty()
  @IsString()
  content!: string;

  /** The blob SHA the edit is based on; null for a new file. */
  @ApiProperty({ type: 'string', nullable: true, pattern: SHA.source })
  @Matches(SHA, { message: 'sha must be a blob SHA (40 or 64 hex digits), or null for a new file' })
  @IsString()
  @RequiredNullable('sha')
  sha!: string | null;

  /** Omitted: "Update <kind> <namespace>/<name>" with a resource, else "Update <path>". */
  @ApiPropertyOptional({ maxLength: TITLE_MAX })
  @Length(1, TITLE_MAX)
  @IsString()
  @Present()
  title?: string;
}

/** `POST /api/github/create-multi-file-pr`: 1 to 50 files in one commit. */
export class CreateMultiFilePullRequestBody extends PullRequestCommonBody {
  @ApiProperty({ type: [FileChangeBody], minItems: 1, maxItems: MAX_FILES })
  @ValidateNested({ each: true })
  @Type(() => FileChangeBody)
  @ArrayMinSize(1, { message: 'files must hold at least one file' })
  @ArrayMaxSize(MAX_FILES, { message: `files may hold at most ${MAX_FILES} files` })
  @IsArray()
  files!: FileChangeBody[];

  @ApiProperty({ maxLength: TITLE_MAX })
  @Length(1, TITLE_MAX)
  @IsString()
  title!: string;
}

/** `POST /api/github/branches`. */
export class CreateBranchBody {
  @ApiProperty({ pattern: OWNER.source })
  @Matches(OWNER, { message: OWNER_MESSAGE })
  @IsString()
  owner!: string;

  @ApiProperty({ pattern: REPO.source })
  @Matches(REPO, { message: REPO_MESSAGE })
  @IsString()
  repo!: string;

  /** The new branch. */
  @ApiProperty({ maxLength: BRANCH_MAX })
  @Matches(BRANCH, { message: branchMessage('name') })
  @MaxLength(BRANCH_MAX, { message: branchMessage('name') })
  @IsString()
  name!: string;

  /** The branch to start from; omitted: the repository's default branch. */
  @ApiPropertyOptional({ maxLength: BRANCH_MAX })
  @Matches(BRANCH, { message: branchMessage('from') })
  @MaxLength(BRANCH_MAX, { message: branchMessage('from') })
  @IsString()
  @Present()
  from?: string;
}

export class LiveObjectMetadataBody {
  @ApiProperty({ maxLength: 253 })
  @Length(1, 253)
  @IsString()
  name!: string;

  @ApiPropertyOptional({ maxLength: 63 })
  @Matches(DNS1123_LABEL, { message: dns1123LabelMessage('namespace') })
  @MaxLength(63, { message: dns1123LabelMessage('namespace') })
  @IsString()
  @Present()
  namespace?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsStringMap(200, 317, 63)
  @Present()
  labels?: Record<string, string>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsStringMap(200, 317, 16_384)
  @Present()
  annotations?: Record<string, string>;
}

/** A live object as the cluster reports it: only the fields the matcher reads. */
export class LiveObjectBody {
  /** e.g. `apps/v1`. */
  @ApiProperty({ maxLength: 253 })
  @Length(1, 253)
  @IsString()
  apiVersion!: string;

  @ApiProperty({ maxLength: 63 })
  @Matches(KIND, { message: 'kind must be a Kubernetes kind such as Deployment' })
  @MaxLength(63)
  @IsString()
  kind!: string;

  @ApiProperty({ type: LiveObjectMetadataBody })
  @ValidateNested()
  @Type(() => LiveObjectMetadataBody)
  @IsObject()
  metadata!: LiveObjectMetadataBody;
}

/** `POST /api/github/match-file`. */
export class MatchFileBody {
  @ApiProperty({ pattern: OWNER.source })
  @Matches(OWNER, { message: OWNER_MESSAGE })
  @IsString()
  owner!: string;

  @ApiProperty({ pattern: REPO.source })
  @Matches(REPO, { message: REPO_MESSAGE })
  @IsString()
  repo!: string;

  /** Branch, tag or commit to search; omitted: the repository's default branch. */
  @ApiPropertyOptional({ maxLength: BRANCH_MAX })
  @Matches(BRANCH, { message: branchMessage('ref') })
  @MaxLength(BRANCH_MAX, { message: branchMessage('ref') })
  @IsString()
  @Present()
  ref?: string;

  /** The object whose manifest is wanted. */
  @ApiProperty({ type: LiveObjectBody })
  @ValidateNested()
  @Type(() => LiveObjectBody)
  @IsObject()
  object!: LiveObjectBody;

  /** Its owners as the cluster reports them, nearest first (a Pod's ReplicaSet, then its Deployment). */
  @ApiPropertyOptional({ type: [LiveObjectBody], maxItems: 10 })
  @ValidateNested({ each: true })
  @Type(() => LiveObjectBody)
  @ArrayMaxSize(10)
  @IsArray()
  @Present()
  owners?: LiveObjectBody[];
}
