import { Body, Controller, Get, HttpCode, Injectable, Param, type PipeTransform, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { GitHubBranch, GitHubPullRequest, GitHubTree, Page, GitHubRepo } from '@orphelix/github';
import type { AuthedRequest } from '../auth/access.guard';
import { Audited } from '../auth/audit.interceptor';
import { ApiErrorResponse } from '../common/errors/api-error-responses.decorator';
import { invalidField } from '../common/errors/request-validation.error';
import { CreateBranchBody, CreateMultiFilePullRequestBody, CreatePullRequestBody, MatchFileBody } from './dto/github-body.dto';
import { GitHubBranchesQueryDto, GitHubFileQueryDto, GitHubPageQueryDto, GitHubRepoQueryDto, GitHubTreeQueryDto } from './dto/github-query.dto';
import {
  CreatedPullRequestDto,
  GitHubBranchDto,
  GitHubBranchPageDto,
  GitHubFileDto,
  GitHubPullRequestDto,
  GitHubRepoPageDto,
  GitHubTreeDto,
  MatchFileResultDto,
} from './dto/github-response.dto';
import { RequireGitHubLoginGuard } from './require-github-login.guard';
import { GitHubService } from './github.service';

/** A pull request number from the path: a positive integer. */
@Injectable()
export class PullNumberPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    // The global pipe may already have converted the segment to a number (the parameter's type).
    const text = typeof value === 'number' ? String(value) : value;
    const number = typeof text === 'string' && /^[1-9]\d{0,9}$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(number) || number > 2_147_483_647) throw invalidField('number', 'number must be a pull request number (a positive integer)');
    return number;
  }
}

// Every route acts as the signed-in GitHub user: 404 when GitHub is not configured, 401 for API tokens and
// the local user. GitHub's own failures keep their meaning (404, 403, 409, 422; rate limits are 429 with
// Retry-After; GitHub down is 502). The user's token stays on the server.
@ApiTags('github')
@UseGuards(RequireGitHubLoginGuard)
@ApiErrorResponse(400)
@ApiErrorResponse(401)
@ApiErrorResponse(403)
@ApiErrorResponse(404)
@ApiErrorResponse(429)
@ApiErrorResponse(500)
@ApiErrorResponse(502)
@Controller('github')
export class GitHubController {
  constructor(private readonly github: GitHubService) {}

  @Get('repos')
  @ApiOperation({ summary: 'Repositories the user can reach', description: 'Most recently updated first, one page at a time.' })
  @ApiOkResponse({ type: GitHubRepoPageDto })
  listGitHubRepos(@Req() req: AuthedRequest, @Query() query: GitHubPageQueryDto): Promise<Page<GitHubRepo>> {
    return this.github.listRepos(req.user, query);
  }

  @Get('branches')
  @ApiOperation({ summary: "A repository's branches", description: 'One page at a time, by name.' })
  @ApiOkResponse({ type: GitHubBranchPageDto })
  listGitHubBranches(@Req() req: AuthedRequest, @Query() query: GitHubBranchesQueryDto): Promise<Page<GitHubBranch>> {
    return this.github.listBranches(req.user, query);
  }

  @Post('branches')
  @HttpCode(201)
  @Audited('github.branch.create')
  @ApiOperation({
    summary: 'Create a branch',
    description: 'At the head of `from` (default: the repository\'s default branch). A branch of that name already existing is a 409.',
  })
  @ApiCreatedResponse({ type: GitHubBranchDto })
  @ApiErrorResponse(409)
  createGitHubBranch(@Req() req: AuthedRequest, @Body() body: CreateBranchBody): Promise<GitHubBranch> {
    return this.github.createBranch(req.user, body);
  }

  @Get('tree')
  @ApiOperation({
    summary: 'The files of a repository folder',
    description: 'One level, or every descendant with `recursive=true` (`truncated` says when GitHub cut a very large listing short). `ref` defaults to the repository\'s default branch.',
  })
  @ApiOkResponse({ type: GitHubTreeDto })
  @ApiErrorResponse(422)
  getGitHubTree(@Req() req: AuthedRequest, @Query() query: GitHubTreeQueryDto): Promise<GitHubTree> {
    return this.github.getTree(req.user, query);
  }

  @Get('file')
  @ApiOperation({
    summary: 'One text file of a repository',
    description: 'Its UTF-8 content and blob SHA (send the SHA back when proposing a change). A folder, a binary file or one over 1 MiB is a 422. `ref` defaults to the repository\'s default branch.',
  })
  @ApiOkResponse({ type: GitHubFileDto })
  @ApiErrorResponse(422)
  getGitHubFile(@Req() req: AuthedRequest, @Query() query: GitHubFileQueryDto): Promise<GitHubFileDto> {
    return this.github.getFile(req.user, query);
  }

  @Post('create-pr')
  @HttpCode(201)
  @Audited('github.pr.create')
  @ApiOperation({
    summary: 'Propose a change of one file as a pull request',
    description:
      'One commit on a new branch (generated as `orphelix/<kind>-<name>-<id>` when not given) and a pull request to `base` (default: the ' +
      'repository\'s default branch). `sha` is the blob SHA the edit was made against (null for a new file): a file changed since is a 409 ' +
      'naming it, and nothing is written. YAML must parse (400 naming the file). With `resource`, the pull request is remembered on it ' +
      '(settings `pullRequests`).',
  })
  @ApiBody({ type: CreatePullRequestBody })
  @ApiCreatedResponse({ type: CreatedPullRequestDto })
  @ApiErrorResponse(409)
  @ApiErrorResponse(422)
  createGitHubPullRequest(@Req() req: AuthedRequest, @Body() body: CreatePullRequestBody): Promise<CreatedPullRequestDto> {
    return this.github.createPullRequest(req.user, body);
  }

  @Post('create-multi-file-pr')
  @HttpCode(201)
  @Audited('github.pr.create-multi-file')
  @ApiOperation({
    summary: 'Propose a change of several files as one pull request',
    description:
      '1 to 50 files (each at most 1 MiB, 5 MiB together) in one commit on a new branch, and a pull request — all or nothing: a file ' +
      'changed since it was read is a 409 naming it before anything is written, and a failure after the branch exists deletes it again. ' +
      'YAML files must parse (400 naming the file). With `resource`, the pull request is remembered on it (settings `pullRequests`).',
  })
  @ApiBody({ type: CreateMultiFilePullRequestBody })
  @ApiCreatedResponse({ type: CreatedPullRequestDto })
  @ApiErrorResponse(409)
  @ApiErrorResponse(422)
  createGitHubMultiFilePullRequest(@Req() req: AuthedRequest, @Body() body: CreateMultiFilePullRequestBody): Promise<CreatedPullRequestDto> {
    return this.github.createMultiFilePullRequest(req.user, body);
  }

  @Get('pulls/:number')
  @ApiOperation({ summary: "A pull request's state", description: '`open`, `closed` or `merged`, for the badge on a resource.' })
  @ApiParam({ name: 'number', schema: { type: 'integer', minimum: 1 } })
  @ApiOkResponse({ type: GitHubPullRequestDto })
  getGitHubPullRequest(
    @Req() req: AuthedRequest,
    @Param('number', new PullNumberPipe()) number: number,
    @Query() query: GitHubRepoQueryDto,
  ): Promise<GitHubPullRequest> {
    return this.github.getPullRequest(req.user, query, number);
  }

  @Post('match-file')
  @HttpCode(200)
  @ApiOperation({
    summary: "Find a live object's manifest in a repository",
    description:
      'Reads the repository at `ref` (default: its default branch) — the file list once, then at most 150 YAML files — and ranks the files ' +
      'that declare the object (or, through `owners`, what generates it) from Argo CD, Flux, Helm and kustomize signals and the manifests ' +
      'themselves. Each candidate has a score, its reasons and the strongest signal; `truncated` and `notes` say how complete the search was. ' +
      "With a model configured, the top 8 are re-ranked by it (`ranking`; the matcher's order is kept when its answer is unusable).",
  })
  @ApiBody({ type: MatchFileBody })
  @ApiOkResponse({ type: MatchFileResultDto })
  matchGitHubFile(@Req() req: AuthedRequest, @Body() body: MatchFileBody): Promise<MatchFileResultDto> {
    return this.github.matchFile(req.user, body);
  }
}
