import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';

// What GitHub and git accept as names, for the query parameters and bodies of /api/github.

/** A user or organisation: letters, digits and single hyphens, at most 39 characters. */
export const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
export const OWNER_MESSAGE = 'owner must be a GitHub user or organisation name (letters, digits and "-", at most 39)';

/** A repository: letters, digits, ".", "_", "-", at most 100 characters, not "." or "..". */
export const REPO = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;
export const REPO_MESSAGE = 'repo must be a GitHub repository name (letters, digits, ".", "_" and "-", at most 100)';

export const BRANCH_MAX = 255;
/** What git accepts in a branch name, simplified: no spaces, control characters or ~^:?*[\, no "..", "//", "@{", no ".lock" end. */
export const BRANCH = /^(?!-)(?!\/)(?!.*\.\.)(?!.*\/\/)(?!.*@\{)(?!.*\.lock$)[^\s~^:?*[\\\p{Cc}]+(?<![./])$/u;
export const branchMessage = (field: string): string => `${field} must be a valid git branch name (at most ${BRANCH_MAX} characters)`;

export const PATH_MAX = 1024;
/** A path from the repository root: no leading "/", no "." or ".." segment, no empty segment, no control characters. */
export const FILE_PATH = /^(?!\/)(?!.*\/\/)(?!.*(?:^|\/)\.{1,2}(?:\/|$))(?!.*\/$)\P{Cc}+$/u;
export const pathMessage = (field: string): string =>
  `${field} must be a path from the repository root (no leading "/", no "." or ".." segments, at most ${PATH_MAX} characters)`;

/** A blob SHA: 40 hex digits (SHA-1) or 64 (SHA-256 repositories). */
export const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** A map of strings to strings (labels, annotations), bounded in entries and lengths. */
export function IsStringMap(maxEntries: number, maxKey: number, maxValue: number, options?: ValidationOptions): PropertyDecorator {
  const problem = (value: unknown): string | null => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object of string values';
    const entries = Object.entries(value);
    if (entries.length > maxEntries) return `may hold at most ${maxEntries} entries`;
    for (const [key, text] of entries) {
      if (key.length < 1 || key.length > maxKey) return `has a key of ${key.length} characters (1 to ${maxKey})`;
      if (typeof text !== 'string') return `has a value for "${key.slice(0, 60)}" that is not a string`;
      if (text.length > maxValue) return `has a value for "${key.slice(0, 60)}" longer than ${maxValue} characters`;
    }
    return null;
  };
  return ValidateBy(
    {
      name: 'isStringMap',
      validator: {
        validate: (value: unknown) => problem(value) === null,
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} ${problem(args?.value) ?? 'is invalid'}`,
      },
    },
    options,
  );
}
