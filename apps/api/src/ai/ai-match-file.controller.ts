import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthedRequest } from '../auth/access.guard';
import { ApiErrorResponse } from '../common/errors/api-error-responses.decorator';
import { MatchFileBody } from '../github/dto/github-body.dto';
import { MatchFileResultDto } from '../github/dto/github-response.dto';
import { GitHubService } from '../github/github.service';
import { RequireGitHubLoginGuard } from '../github/require-github-login.guard';

/**
 * `POST /api/ai/match-file`, the seed's route: the GitHub matcher's candidates, re-ranked by the
 * configured model with structured output. Served by the GitHub module, as the signed-in GitHub user.
 */
@ApiTags('ai')
@UseGuards(RequireGitHubLoginGuard)
@ApiErrorResponse(400)
@ApiErrorResponse(401)
@ApiErrorResponse(403)
@ApiErrorResponse(404)
@ApiErrorResponse(429)
@ApiErrorResponse(500)
@ApiErrorResponse(502)
@Controller('ai')
export class AiMatchFileController {
  constructor(private readonly github: GitHubService) {}

  @Post('match-file')
  @HttpCode(200)
  @ApiOperation({
    summary: "Find a live object's manifest in a repository, re-ranked by the model",
    description:
      'The same as `POST /api/github/match-file`: the deterministic candidates (Argo CD, Flux, Helm and kustomize signals and the ' +
      'manifests themselves), then — when a model is configured — the top 8 re-ranked by it from redacted excerpts, with structured ' +
      "output. `ranking` says which order is used; an answer that cannot be used keeps the matcher's order and says why in " +
      '`ranking.note`. Never fails because of the model.',
  })
  @ApiBody({ type: MatchFileBody })
  @ApiOkResponse({ type: MatchFileResultDto })
  matchFile(@Req() req: AuthedRequest, @Body() body: MatchFileBody): Promise<MatchFileResultDto> {
    return this.github.matchFile(req.user, body);
  }
}
