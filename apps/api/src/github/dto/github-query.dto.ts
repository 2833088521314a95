import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EmptyAsUndefined, QueryBoolean, QueryInt } from '../../common/query/validators';
import { BRANCH, BRANCH_MAX, branchMessage, FILE_PATH, OWNER, OWNER_MESSAGE, PATH_MAX, pathMessage, REPO, REPO_MESSAGE } from './github-names';

// Query parameters of /api/github. Decorators run bottom-up: each property's type check sits lowest.

/** One page of a GitHub list. */
export class GitHubPageQueryDto {
  /** 1-based page number (default 1). */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 1 })
  @IsOptional()
  @QueryInt()
  @Min(1)
  @Max(1000)
  @IsInt()
  page?: number;

  /** Items per page, 1-100 (default 30, GitHub's own). */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 30 })
  @IsOptional()
  @QueryInt()
  @Min(1)
  @Max(100)
  @IsInt()
  perPage?: number;
}

/** A repository. */
export class GitHubRepoQueryDto {
  /**
   * The user or organisation owning the repository.
   * @example acme
   */
  @ApiProperty({ pattern: OWNER.source })
  @Matches(OWNER, { message: OWNER_MESSAGE })
  @IsString()
  owner!: string;

  /**
   * The repository's name.
   * @example deploy
   */
  @ApiProperty({ pattern: REPO.source })
  @Matches(REPO, { message: REPO_MESSAGE })
  @IsString()
  repo!: string;
}

/** A page of a repository's branches. */
export class GitHubBranchesQueryDto extends GitHubRepoQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 1 })
  @IsOptional()
  @QueryInt()
  @Min(1)
  @Max(1000)
  @IsInt()
  page?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 30 })
  @IsOptional()
  @QueryInt()
  @Min(1)
  @Max(100)
  @IsInt()
  perPage?: number;
}

/** A folder of a repository. */
export class GitHubTreeQueryDto extends GitHubRepoQueryDto {
  /** Branch, tag or commit; omitted: the repository's default branch. */
  @ApiPropertyOptional({ maxLength: BRANCH_MAX })
  @IsOptional()
  @EmptyAsUndefined()
  @Matches(BRANCH, { message: branchMessage('ref') })
  @MaxLength(BRANCH_MAX, { message: branchMessage('ref') })
  @IsString()
  ref?: string;

  /** A folder from the repository root, e.g. `k8s/base`; omitted: the root. */
  @ApiPropertyOptional({ maxLength: PATH_MAX })
  @IsOptional()
  @EmptyAsUndefined()
  @Matches(FILE_PATH, { message: pathMessage('path') })
  @MaxLength(PATH_MAX, { message: pathMessage('path') })
  @IsString()
  path?: string;

  /** Every descendant instead of one level (default false). */
  @ApiPropertyOptional({ type: 'boolean', default: false })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean({ message: 'recursive must be true or false' })
  recursive?: boolean;
}

/** One file of a repository. */
export class GitHubFileQueryDto extends GitHubRepoQueryDto {
  /** The file, from the repository root. */
  @ApiProperty({ maxLength: PATH_MAX })
  @Matches(FILE_PATH, { message: pathMessage('path') })
  @MaxLength(PATH_MAX, { message: pathMessage('path') })
  @IsString()
  path!: string;

  /** Branch, tag or commit; omitted: the repository's default branch. */
  @ApiPropertyOptional({ maxLength: BRANCH_MAX })
  @IsOptional()
  @EmptyAsUndefined()
  @Matches(BRANCH, { message: branchMessage('ref') })
  @MaxLength(BRANCH_MAX, { message: branchMessage('ref') })
  @IsString()
  ref?: string;
}
