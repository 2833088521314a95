/**
 * Finding a live Kubernetes object's manifest in a Git repository: the shapes the matcher takes and gives.
 * Pure data: no Nest, no Octokit. The API implements {@link RepoReader} over the GitHub adapter.
 */

/** What the matcher needs from a repository: the file list (the recursive tree) and one file's text. */
export interface RepoReader {
  /** Every file in the repository at the chosen ref; `size` in bytes when known. */
  listFiles(): Promise<RepoFile[]>;
  /** The text of one file, by its path from the repository root (no leading slash). */
  readFile(path: string): Promise<string>;
}

export interface RepoFile {
  path: string;
  size: number | null;
}

/** A live object as the cluster reports it: only the fields the matcher reads. */
export interface LiveObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
}

/** The object to match, and optionally the objects that own it. */
export interface MatchRequest {
  object: LiveObject;
  /**
   * The owner chain as the cluster reports it, nearest first (a Pod's ReplicaSet, then its Deployment).
   * Generated objects are not in Git: a Pod matches its Deployment's manifest through this chain, and the
   * candidate says so. The object itself is always preferred over an owner.
   */
  owners?: LiveObject[];
}

export type MatchVia = 'argocd' | 'flux' | 'helm' | 'kustomize' | 'content' | 'path';

export interface MatchCandidate {
  /** File path from the repository root. */
  path: string;
  /** 0..1. An exact kind + name + namespace match scores 0.85 or more; structural files (overlays, Argo CD or
   * Flux manifests, values files) score 0.4–0.7; path-only hints score 0.2 or less. */
  score: number;
  /** Why, in words, one reason per piece of evidence. */
  reasons: string[];
  /** Which YAML document of the file, counting from 0 the documents that hold something. */
  documentIndex?: number;
  /** The strongest evidence behind the candidate. */
  via: MatchVia;
}

export interface MatchResult {
  /** Best first; at most `maxCandidates`. Empty when nothing in the repo points at the object. */
  candidates: MatchCandidate[];
  /** What the cluster said about where the object comes from (tracking ids, release labels…), in words. */
  signals: string[];
  /** YAML files in the repository (the ones the matcher could read). */
  filesConsidered: number;
  /** Files actually read. */
  filesRead: number;
  /** True when some YAML files were not read (the read bound, a size limit or a read error). */
  truncated: boolean;
  /** Anything the reader should know about how complete the search was. */
  notes: string[];
}

export interface MatchOptions {
  /** Most files read (default 150): each read is one call to the Git host. */
  maxFilesRead?: number;
  /** Larger files are not read (default 512 KiB). */
  maxFileBytes?: number;
  /** Most candidates returned (default 10). */
  maxCandidates?: number;
  /** Reads in flight at once (default 8). */
  concurrency?: number;
}
