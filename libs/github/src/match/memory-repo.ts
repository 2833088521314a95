import type { RepoFile, RepoReader } from './types';

/**
 * A repository held in memory: path → text. For tests, and for callers that already hold the files.
 * Counts reads so a test can check the read bound.
 */
export class MemoryRepo implements RepoReader {
  readonly reads: string[] = [];

  constructor(private readonly files: Record<string, string>) {}

  async listFiles(): Promise<RepoFile[]> {
    return Object.entries(this.files).map(([path, text]) => ({ path, size: Buffer.byteLength(text) }));
  }

  async readFile(path: string): Promise<string> {
    this.reads.push(path);
    const text = this.files[path];
    if (text === undefined) throw new Error(`no such file: ${path}`);
    return text;
  }
}
