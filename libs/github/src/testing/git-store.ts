import { createHash } from 'node:crypto';

/** A tree entry as git stores it; `mode` as the REST API spells it (`040000` for folders). */
export interface GitTreeEntry {
  name: string;
  mode: '100644' | '100755' | '040000' | '120000';
  sha: string;
}

export interface GitPerson {
  name: string;
  email: string;
  /** Unix seconds. */
  time: number;
}

export type GitObject =
  | { type: 'blob'; data: Buffer }
  | { type: 'tree'; entries: GitTreeEntry[] }
  | { type: 'commit'; tree: string; parents: string[]; message: string; author: GitPerson; committer: GitPerson };

/** A change to a tree: a blob at `path`, or `sha: null` to delete it. */
export interface TreeChange {
  path: string;
  mode: GitTreeEntry['mode'];
  sha: string | null;
}

/** A flattened tree entry, with its path from the root. */
export interface WalkedEntry {
  path: string;
  mode: GitTreeEntry['mode'];
  type: 'blob' | 'tree';
  sha: string;
  size: number | null;
}

/**
 * Content-addressed git objects, hashed exactly as git hashes them (SHA-1 of `<type> <length>\0<body>`),
 * so that the SHAs the fake hands out equal the ones real git would compute for the same content.
 */
export class GitStore {
  private readonly objects = new Map<string, GitObject>();

  get(sha: string): GitObject | undefined {
    return this.objects.get(sha);
  }

  has(sha: string, type?: GitObject['type']): boolean {
    const object = this.objects.get(sha);
    return object !== undefined && (type === undefined || object.type === type);
  }

  blob(sha: string): Buffer | undefined {
    const object = this.objects.get(sha);
    return object?.type === 'blob' ? object.data : undefined;
  }

  tree(sha: string): GitTreeEntry[] | undefined {
    const object = this.objects.get(sha);
    return object?.type === 'tree' ? object.entries : undefined;
  }

  commit(sha: string): Extract<GitObject, { type: 'commit' }> | undefined {
    const object = this.objects.get(sha);
    return object?.type === 'commit' ? object : undefined;
  }

  putBlob(data: Buffer | string): string {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    return this.put('blob', bytes, { type: 'blob', data: bytes });
  }

  putTree(entries: GitTreeEntry[]): string {
    const sorted = [...entries].sort((a, b) => compareTreeNames(a, b));
    const body = Buffer.concat(
      sorted.flatMap((entry) => [
        Buffer.from(`${entry.mode === '040000' ? '40000' : entry.mode} ${entry.name}\0`, 'utf8'),
        Buffer.from(entry.sha, 'hex'),
      ]),
    );
    return this.put('tree', body, { type: 'tree', entries: sorted });
  }

  putCommit(commit: { tree: string; parents: string[]; message: string; author: GitPerson; committer: GitPerson }): string {
    const person = (p: GitPerson): string => `${p.name} <${p.email}> ${p.time} +0000`;
    const text = [
      `tree ${commit.tree}`,
      ...commit.parents.map((parent) => `parent ${parent}`),
      `author ${person(commit.author)}`,
      `committer ${person(commit.committer)}`,
      '',
      commit.message,
    ].join('\n');
    return this.put('commit', Buffer.from(text, 'utf8'), { type: 'commit', ...commit });
  }

  /** A new tree: `base` (or the empty tree) with `changes` applied, creating and pruning folders. */
  applyChanges(base: string | null, changes: TreeChange[]): string {
    const root = base === null ? [] : (this.tree(base) ?? []);
    return this.applyTo(root, changes);
  }

  /** The entry at `path` under tree `root`, or `undefined`. */
  lookup(root: string, path: string): WalkedEntry | undefined {
    if (path === '') return { path: '', mode: '040000', type: 'tree', sha: root, size: null };
    let entries = this.tree(root);
    const segments = path.split('/');
    for (let i = 0; i < segments.length; i++) {
      const entry = entries?.find((candidate) => candidate.name === segments[i]);
      if (entry === undefined) return undefined;
      if (i === segments.length - 1) return this.describe(path, entry);
      entries = this.tree(entry.sha);
      if (entries === undefined) return undefined;
    }
    return undefined;
  }

  /** The entries of tree `root`, one level or every descendant, in git's order. */
  walk(root: string, recursive: boolean, prefix = ''): WalkedEntry[] {
    const out: WalkedEntry[] = [];
    for (const entry of this.tree(root) ?? []) {
      const path = prefix + entry.name;
      out.push(this.describe(path, entry));
      if (recursive && entry.mode === '040000') out.push(...this.walk(entry.sha, true, `${path}/`));
    }
    return out;
  }

  private describe(path: string, entry: GitTreeEntry): WalkedEntry {
    const isTree = entry.mode === '040000';
    return {
      path,
      mode: entry.mode,
      type: isTree ? 'tree' : 'blob',
      sha: entry.sha,
      size: isTree ? null : (this.blob(entry.sha)?.length ?? 0),
    };
  }

  private applyTo(entries: GitTreeEntry[], changes: TreeChange[]): string {
    const byName = new Map(entries.map((entry) => [entry.name, entry]));
    const nested = new Map<string, TreeChange[]>();
    for (const change of changes) {
      const slash = change.path.indexOf('/');
      if (slash < 0) {
        if (change.sha === null) byName.delete(change.path);
        else byName.set(change.path, { name: change.path, mode: change.mode, sha: change.sha });
      } else {
        const folder = change.path.slice(0, slash);
        nested.set(folder, [...(nested.get(folder) ?? []), { ...change, path: change.path.slice(slash + 1) }]);
      }
    }
    for (const [folder, folderChanges] of nested) {
      const current = byName.get(folder);
      const sub = current?.mode === '040000' ? (this.tree(current.sha) ?? []) : [];
      const sha = this.applyTo(sub, folderChanges);
      if ((this.tree(sha) ?? []).length === 0) byName.delete(folder);
      else byName.set(folder, { name: folder, mode: '040000', sha });
    }
    return this.putTree([...byName.values()]);
  }

  private put(type: GitObject['type'], body: Buffer, object: GitObject): string {
    const sha = createHash('sha1')
      .update(Buffer.concat([Buffer.from(`${type} ${body.length}\0`, 'utf8'), body]))
      .digest('hex');
    if (!this.objects.has(sha)) this.objects.set(sha, object);
    return sha;
  }
}

/** Git sorts tree entries by name, comparing a folder's name as if it ended in `/`. */
function compareTreeNames(a: GitTreeEntry, b: GitTreeEntry): number {
  const key = (entry: GitTreeEntry): Buffer => Buffer.from(entry.mode === '040000' ? `${entry.name}/` : entry.name, 'utf8');
  return Buffer.compare(key(a), key(b));
}
