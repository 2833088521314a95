import type { GitHubPort, RepoFile, RepoReader } from '@orphelix/github';

/** Most files listed to the matcher; beyond it the list is cut and the result says so. */
export const MAX_LISTED_FILES = 100_000;

/**
 * A repository at one ref as the matcher reads it, over the GitHub port as the user: the recursive tree
 * once (kept), then one content read per file. Reads are bounded by the matcher (`maxFilesRead`).
 */
export class PortRepoReader implements RepoReader {
  /** GitHub cut the tree listing short (or it was cut here): some files are missing. */
  truncated = false;
  private files: Promise<RepoFile[]> | null = null;

  constructor(
    private readonly port: GitHubPort,
    private readonly token: string,
    private readonly owner: string,
    private readonly repo: string,
    private readonly ref: string,
  ) {}

  listFiles(): Promise<RepoFile[]> {
    this.files ??= this.port.getTree(this.token, this.owner, this.repo, this.ref, { recursive: true }).then((tree) => {
      const files = tree.entries.filter((entry) => entry.type === 'file');
      this.truncated = tree.truncated || files.length > MAX_LISTED_FILES;
      return files.slice(0, MAX_LISTED_FILES).map((entry) => ({ path: entry.path, size: entry.size }));
    });
    return this.files;
  }

  async readFile(path: string): Promise<string> {
    return (await this.port.getFile(this.token, this.owner, this.repo, path, this.ref)).content;
  }
}
