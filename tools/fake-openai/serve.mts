/**
 * The child process's side of protocol.mts: starts one fake OpenAI on 127.0.0.1, says where it listens,
 * answers calls, and closes when its parent goes away. Loaded by launch.mts.
 */
import { FakeOpenAi } from '../../libs/ai/src/testing/fake-openai.ts';
import { serveFake } from '../fake-process/ipc.mts';
import type { FakeOpenAiControl, FakeOpenAiReady, FakeOpenAiStartOptions } from './protocol.mts';

const options = JSON.parse(process.argv[2] ?? '{}') as FakeOpenAiStartOptions;
const fake = new FakeOpenAi(options);
const running = await fake.start();

// Typed against both sides: a change of the fake's signatures fails this file's type check.
const control: FakeOpenAiControl = {
  reply: (...replies) => fake.reply(...replies),
  setDefaults: (defaults) => fake.setDefaults(defaults),
  pendingReplies: () => fake.pendingReplies(),
  clearReplies: () => fake.clearReplies(),
  requests: () => fake.requests.map((request) => ({ ...request })),
  clearRequests: () => fake.clearRequests(),
};

serveFake<FakeOpenAiReady>('the fake OpenAI', control, { url: running.url, origin: running.origin }, () => running.close());
