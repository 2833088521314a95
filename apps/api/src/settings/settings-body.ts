import {
  CRITICAL_ISSUE_TYPES,
  type CriticalIssueType,
  type EditBasketItemDto,
  type GithubSettingsDto,
  type PullRequestResourceDto,
  type RepoRefDto,
  SETTINGS_LIMITS as LIMITS,
  type SettingsUpdateDto,
  type Theme,
  THEMES,
  type TrackedPullRequestDto,
} from '@orphelix/contract';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

// The request bodies of /api/settings, validated by the global RequestValidationPipe: an unknown key
// at any depth is a 400 naming it. The OpenAPI document describes them with the contract's schemas
// (SettingsUpdateDto), which these classes implement. Decorators run bottom-up and stop at the first
// failure, so each property lists its type check last.

/** The key may be left out, but not sent as null (the setting is not nullable). */
const Present = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);
/** The key must be sent; null is a value. */
const RequiredNullable = (property: string): PropertyDecorator =>
  ValidateIf((object: object) => (object as Record<string, unknown>)[property] !== null);

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
// What git accepts in a branch name, simplified: no spaces, control characters or ~^:?*[\, no "..".
const BRANCH = /^(?!-)(?!.*\.\.)(?!.*\/\/)[^\s~^:?*[\\\p{Cc}]+(?<![./])$/u;
const NAMESPACE = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const CONTROL = /\p{Cc}/u;
const PRINTABLE = /^\P{Cc}+$/u;
const PIN = /^\/[A-Za-z0-9/_.-]*$/;
const FILE_PATH = /^(?!\/)(?!.*(?:^|\/)\.{1,2}(?:\/|$))\P{Cc}+$/u;
const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const KIND = /^[A-Za-z][A-Za-z0-9]*$/;

/** A map context name → alias (or null: remove it), with bounded names and count. */
function IsAliasMap(options?: ValidationOptions): PropertyDecorator {
  const problem = (value: unknown): string | null => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object mapping context names to aliases';
    const entries = Object.entries(value);
    if (entries.length > LIMITS.contextAliases) return `must hold at most ${LIMITS.contextAliases} aliases`;
    for (const [context, alias] of entries) {
      if (context.length < 1 || context.length > LIMITS.contextNameLength || CONTROL.test(context)) {
        return `has an invalid context name "${context.slice(0, 40)}": 1 to ${LIMITS.contextNameLength} printable characters`;
      }
      if (alias !== null && (typeof alias !== 'string' || alias.trim() === '' || alias.length > LIMITS.aliasLength || CONTROL.test(alias))) {
        return `has an invalid alias for "${context.slice(0, 40)}": 1 to ${LIMITS.aliasLength} printable characters, or null to remove it`;
      }
    }
    return null;
  };
  return ValidateBy(
    {
      name: 'isAliasMap',
      validator: {
        validate: (value: unknown) => problem(value) === null,
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} ${problem(args?.value) ?? 'is invalid'}`,
      },
    },
    options,
  );
}

export class RepoRefBody implements RepoRefDto {
  @Matches(OWNER, { message: 'owner must be a GitHub user or organisation name' })
  @IsString()
  owner!: string;

  @Matches(REPO, { message: 'name must be a GitHub repository name' })
  @IsString()
  name!: string;
}

export class GithubSettingsBody implements Partial<GithubSettingsDto> {
  @ValidateNested()
  @Type(() => RepoRefBody)
  @IsObject()
  @IsOptional()
  repo?: RepoRefBody | null;

  @Matches(BRANCH, { message: 'branch must be a valid git branch name' })
  @MaxLength(LIMITS.branchLength)
  @IsString()
  @IsOptional()
  branch?: string | null;
}

export class CriticalIssuesBody implements Partial<Record<CriticalIssueType, boolean>> {
  @IsBoolean() @Present() failedPods?: boolean;
  @IsBoolean() @Present() pendingPods?: boolean;
  @IsBoolean() @Present() notReadyNodes?: boolean;
  @IsBoolean() @Present() degradedDeployments?: boolean;
  @IsBoolean() @Present() unboundVolumes?: boolean;
}

// Every problem type must be a property of the body class, or it could not be switched.
const criticalIssueKeysMatch: Exclude<CriticalIssueType, keyof CriticalIssuesBody> extends never ? true : never = true;
void criticalIssueKeysMatch;
void CRITICAL_ISSUE_TYPES;

export class EditBasketItemBody implements EditBasketItemDto {
  @Matches(OWNER, { message: 'owner must be a GitHub user or organisation name' })
  @IsString()
  owner!: string;

  @Matches(REPO, { message: 'repo must be a GitHub repository name' })
  @IsString()
  repo!: string;

  @Matches(BRANCH, { message: 'branch must be a valid git branch name' })
  @MaxLength(LIMITS.branchLength)
  @IsString()
  branch!: string;

  @Matches(FILE_PATH, { message: 'path must be a relative path in the repository, without "." or ".." segments' })
  @Length(1, LIMITS.filePathLength)
  @IsString()
  path!: string;

  @MaxLength(LIMITS.editBasketFileLength)
  @IsString()
  content!: string;

  @MaxLength(LIMITS.editBasketFileLength)
  @IsString()
  @RequiredNullable('originalContent')
  originalContent!: string | null;

  @Matches(SHA, { message: 'sha must be a git blob SHA (40 or 64 hexadecimal digits), or null for a new file' })
  @IsString()
  @RequiredNullable('sha')
  sha!: string | null;
}

export class PullRequestResourceBody implements PullRequestResourceDto {
  @Matches(PRINTABLE, { message: 'context must be printable' })
  @Length(1, LIMITS.contextNameLength)
  @IsString()
  context!: string;

  @Matches(KIND, { message: 'kind must be a Kubernetes kind such as Deployment' })
  @Length(1, LIMITS.kindLength)
  @IsString()
  kind!: string;

  @Matches(NAMESPACE, { message: 'namespace must be a Kubernetes namespace name, or null' })
  @IsString()
  @RequiredNullable('namespace')
  namespace!: string | null;

  @Length(1, LIMITS.resourceNameLength)
  @IsString()
  name!: string;
}

export class TrackedPullRequestBody implements TrackedPullRequestDto {
  @ValidateNested()
  @Type(() => PullRequestResourceBody)
  @IsObject()
  resource!: PullRequestResourceBody;

  @Matches(OWNER, { message: 'owner must be a GitHub user or organisation name' })
  @IsString()
  owner!: string;

  @Matches(REPO, { message: 'repo must be a GitHub repository name' })
  @IsString()
  repo!: string;

  @Max(2_147_483_647)
  @Min(1)
  @IsInt()
  number!: number;

  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  @MaxLength(2048)
  @IsString()
  url!: string;

  @IsISO8601({ strict: true }, { message: 'openedAt must be an ISO 8601 date-time' })
  @IsString()
  openedAt!: string;
}

/** `POST /api/settings`: the keys to change. */
export class UpdateSettingsBody implements SettingsUpdateDto {
  @IsIn(THEMES)
  @Present()
  theme?: Theme;

  @Matches(PRINTABLE, { message: 'defaultContext must be printable' })
  @Length(1, LIMITS.contextNameLength)
  @IsString()
  @IsOptional()
  defaultContext?: string | null;

  @Matches(NAMESPACE, { message: 'defaultNamespace must be a Kubernetes namespace name, or null for all namespaces' })
  @IsString()
  @IsOptional()
  defaultNamespace?: string | null;

  @IsAliasMap()
  @Present()
  contextAliases?: Record<string, string | null>;

  @Matches(PIN, { each: true, message: 'each of sidebarPins must be a console path such as /pods' })
  @MaxLength(LIMITS.sidebarPinLength, { each: true })
  @IsString({ each: true })
  @ArrayUnique()
  @ArrayMaxSize(LIMITS.sidebarPins)
  @IsArray()
  @IsOptional()
  sidebarPins?: string[] | null;

  @ValidateNested()
  @Type(() => CriticalIssuesBody)
  @IsObject()
  @Present()
  criticalIssues?: CriticalIssuesBody;

  @IsBoolean()
  @Present()
  liveUpdates?: boolean;

  @ValidateNested()
  @Type(() => GithubSettingsBody)
  @IsObject()
  @Present()
  github?: GithubSettingsBody;

  @ValidateNested({ each: true })
  @Type(() => EditBasketItemBody)
  @IsObject({ each: true })
  @ArrayMaxSize(LIMITS.editBasketItems)
  @IsArray()
  @Present()
  editBasket?: EditBasketItemBody[];

  @ValidateNested({ each: true })
  @Type(() => TrackedPullRequestBody)
  @IsObject({ each: true })
  @ArrayMaxSize(LIMITS.pullRequests)
  @IsArray()
  @Present()
  pullRequests?: TrackedPullRequestBody[];
}
