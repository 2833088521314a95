import type { GitHubPort, RepoFile, RepoReader } from '@orphelix/github';

/** Most files listed to the matcher; beyond it the list is cut and the result says so. */
export const MAX_LISTED_FILES = 100_000;

/**
 * A repository at one ref as the matcher reads it, over the GitHub port as the user: the recursive tree
 * once (kept), then one content read per file (kept too). Reads are bounded by the matcher (`maxFilesRead`).
 */
export class PortRepoReader implements RepoReader {
  /** GitHub cut the tree listing short (or it was cut here): some files are missing. */
  truncated = false;
  private files: Promise<RepoFile[]> | null = null;
  /** Contents read so far (one request's reader): the model's re-ranking reads again what the matcher read. */
  private readonly contents = new Map<string, Promise<string>>();

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

  readFile(path: string): Promise<string> {
    let content = this.contents.get(path);
    if (!content) {
      content = this.port.getFile(this.token, this.owner, this.repo, path, this.ref).then((file) => file.content);
      // A failed read is not kept: a later caller asks GitHub again.
      content.catch(() => this.contents.delete(path));
      this.contents.set(path, content);
    }
    return content;
  }
}
