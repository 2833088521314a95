import { Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { USERS_REPOSITORY, type UsersRepository } from '../persistence/repositories/users.repository';
import type { AuthedRequest } from './access.guard';
import { Audited } from './audit.interceptor';
import { AuthService, type MeResponse } from './auth.service';
import { MeResponseDto } from './dto/me-response';
import { GitHubLoginGuard, type LoginRequest } from './github-login.guard';
import { LoginRoute, Public } from './public.decorator';
import { safeReturnTo } from './return-to';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(USERS_REPOSITORY) private readonly users: UsersRepository,
  ) {}

  @Get('github')
  @Public()
  @LoginRoute()
  @UseGuards(GitHubLoginGuard)
  @ApiOperation({ summary: 'Start a GitHub login (redirects to GitHub); `returnTo` is a path of this console to come back to' })
  startGitHubLogin(): void {
    // The guard has already redirected to GitHub.
  }

  @Get('github/callback')
  @Public()
  @LoginRoute()
  @UseGuards(GitHubLoginGuard)
  @ApiOperation({ summary: 'GitHub redirects here; starts a session and sends the browser back to the console' })
  async gitHubCallback(@Req() req: LoginRequest, @Res() res: Response): Promise<void> {
    const returnTo = safeReturnTo(req.loginReturnTo);
    if (!req.user) {
      const url = new URL(returnTo, 'http://x');
      url.searchParams.set('loginError', req.loginError ?? 'GitHub did not complete the login');
      res.redirect(302, `${url.pathname}${url.search}${url.hash}`);
      return;
    }
    await this.auth.startSession(req.user, req, res);
    res.redirect(302, returnTo);
  }

  @Get('me')
  @Public()
  @ApiOperation({ summary: 'Who is asking: the logged-in user, a token, or the local user when no login is required' })
  @ApiOkResponse({ description: 'The identity of this request and how this API authenticates', type: MeResponseDto })
  async me(@Req() req: AuthedRequest): Promise<MeResponse> {
    const user = req.user?.kind === 'github' ? await this.users.findById(req.user.id) : null;
    return this.auth.me(req.user, user);
  }

  @Post('logout')
  @HttpCode(200)
  @Audited('session.delete')
  @ApiOperation({ summary: 'End this browser session' })
  @ApiOkResponse({ description: 'Who is asking now: nobody (or the local user when no login is required)', type: MeResponseDto })
  async logout(@Req() req: AuthedRequest, @Res({ passthrough: true }) res: Response): Promise<MeResponse> {
    await this.auth.endSession(req.user, res);
    return this.auth.me(undefined, null);
  }
}
