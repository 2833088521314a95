/**
 * The child process's side of protocol.mts: starts one fake GitHub on 127.0.0.1, says where it listens,
 * answers calls, and closes when its parent goes away. Loaded by launch.mts.
 */
import { FakeGitHub } from '../../libs/github/src/testing/fake-github.ts';
import { serveFake } from '../fake-process/ipc.mts';
import type { FakeGitHubControl, FakeGitHubReady, FakeGitHubStartOptions } from './protocol.mts';

const options = JSON.parse(process.argv[2] ?? '{}') as FakeGitHubStartOptions;
const fake = new FakeGitHub({ flavor: options.flavor ?? 'enterprise', oauthApp: options.oauthApp });
const running = await fake.start();

// Typed against both sides: a change of the fake's signatures fails this file's type check.
const control: FakeGitHubControl = {
  addUser: (input) => fake.addUser(input),
  setAuthorizingUser: (login) => fake.setAuthorizingUser(login),
  addRepo: (input) => fake.addRepo(input),
  branches: (owner, name) => fake.branches(owner, name),
  branchSha: (owner, name, branch) => fake.branchSha(owner, name, branch),
  readFile: (owner, name, ref, path) => fake.readFile(owner, name, ref, path),
  commit: (owner, name, sha) => fake.commit(owner, name, sha),
  changedPaths: (owner, name, sha) => fake.changedPaths(owner, name, sha),
  pulls: (owner, name) => fake.pulls(owner, name),
  closePull: (owner, name, number, merged) => fake.closePull(owner, name, number, merged),
  requests: () => [...fake.requests],
  clearRequests: () => fake.clearRequests(),
};

serveFake<FakeGitHubReady>('the fake GitHub', control, { baseUrl: running.baseUrl, apiUrl: running.apiUrl }, () => running.close());
