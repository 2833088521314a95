/** Test support: a fake GitHub over real HTTP, for the adapter's, the API's and the browser's tests. */
export * from './fake-github';
export { GitStore, type GitObject, type GitTreeEntry, type GitPerson, type TreeChange, type WalkedEntry } from './git-store';
