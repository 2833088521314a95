/**
 * The child process's side of protocol.mts: starts one fake OpenAI on 127.0.0.1, says where it listens,
 * answers calls, and closes when its parent goes away. Loaded by launch.mts.
 */
import { FakeOpenAi } from '../../libs/ai/src/testing/fake-openai.ts';
import type { CallMessage, ChildMessage, FakeOpenAiControl, FakeOpenAiStartOptions } from './protocol.mts';

const options = JSON.parse(process.argv[2] ?? '{}') as FakeOpenAiStartOptions;
const fake = new FakeOpenAi(options);
const running = await fake.start();

// Typed against both sides: a change of the fake's signatures fails this file's type check.
const control: FakeOpenAiControl = {
  reply: (...replies) => fake.reply(...replies),
  setDefaults: (defaults) => fake.setDefaults(defaults),
  pendingReplies: () => fake.pendingReplies(),
  requests: () => fake.requests.map((request) => ({ ...request })),
  clearRequests: () => fake.clearRequests(),
};

const send = (message: ChildMessage): void => {
  process.send?.(message);
};

process.on('message', (message: CallMessage) => {
  try {
    if (!Object.hasOwn(control, message.call)) throw new Error(`the fake OpenAI has no call ${String(message.call)}`);
    // The name was checked above; the arguments are the caller's, typed by the client's signatures.
    const call = control[message.call] as (...args: unknown[]) => unknown;
    send({ id: message.id, ok: true, value: call(...message.args) ?? null });
  } catch (error) {
    send({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});

// The parent's end of the channel closing (it exited, or stopped us) ends the fake too.
process.on('disconnect', () => {
  void running.close().then(() => process.exit(0));
});

send({ ready: { url: running.url, origin: running.origin } });
