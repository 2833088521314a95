import { type DynamicModule, Logger, Module, type Provider } from '@nestjs/common';
import { GITHUB_PORT, OctokitGitHub } from '@orphelix/github';
import { AiMatchFileController } from '../ai/ai-match-file.controller';
import { AiModelModule } from '../ai/ai-model.module';
import { AppConfig } from '../config/app-config';
import { DefaultBranches } from './default-branch';
import { GitHubCredentials } from './github-credentials.service';
import { GitHubController } from './github.controller';
import { RequireGitHubLoginGuard } from './require-github-login.guard';
import { DEFAULT_BRANCHES, GitHubService } from './github.service';

/**
 * `/api/github`: repositories, files and pull requests as the signed-in GitHub user. The GitHub port
 * exists only when GitHub login is configured; without it every route answers 404 saying so.
 */
@Module({})
export class GitHubModule {
  static forRoot(config: AppConfig): DynamicModule {
    const github = config.auth.github;
    const providers: Provider[] = [GitHubCredentials, GitHubService, RequireGitHubLoginGuard];
    if (github) {
      providers.push(
        {
          provide: GITHUB_PORT,
          useFactory: () => {
            const logger = new Logger('GitHub');
            return new OctokitGitHub({
              webUrl: github.webUrl,
              apiUrl: github.apiUrl,
              clientId: github.clientId,
              clientSecret: github.clientSecret.reveal(),
              log: { warn: (message) => logger.warn(message) },
            });
          },
        },
        { provide: DEFAULT_BRANCHES, useFactory: () => new DefaultBranches(github.apiUrl) },
      );
    }
    // /api/ai/match-file is the same match as /api/github/match-file (re-ranked by the model when one is set up).
    return { module: GitHubModule, imports: [AiModelModule], controllers: [GitHubController, AiMatchFileController], providers };
  }
}
