import { ApiError } from '../../core/api';
import { HISTORY_MAX, TURN_MAX, type Turn, aiFailure, findingRoute, historyOf, isAiKind, redactionSummary, severityCounts, splitStep, waitText } from './ai-logic';

let id = 0;
const turn = (role: Turn['role'], text: string, state: Turn['state'] = 'done'): Turn => ({ id: ++id, role, text, state });

describe('ai logic', () => {
  it('knows the kinds the analyzers look at', () => {
    expect(isAiKind('deployments')).toBe(true);
    expect(isAiKind('pvcs')).toBe(true);
    expect(isAiKind('configmaps')).toBe(false);
    expect(isAiKind('secrets')).toBe(false);
  });

  it('splits a next step into its words and its kubectl command', () => {
    expect(splitStep('Read the log of the run that crashed: kubectl -n shop logs web -c web --previous')).toEqual({
      text: 'Read the log of the run that crashed',
      command: 'kubectl -n shop logs web -c web --previous',
    });
    expect(splitStep('kubectl get nodes')).toEqual({ text: '', command: 'kubectl get nodes' });
    expect(splitStep('Check the registry: it may be down')).toEqual({ text: 'Check the registry: it may be down', command: null });
  });

  it("links a finding to its object's page: pods to the pod, nodes without a namespace", () => {
    expect(findingRoute({ object: { kind: 'Pod', namespace: 'shop', name: 'web-1' } })).toEqual(['/', 'pods', 'shop', 'web-1']);
    expect(findingRoute({ object: { kind: 'Node', namespace: null, name: 'n1' } })).toEqual(['/', 'nodes', 'n1']);
    expect(findingRoute({ object: { kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'web' } })).toEqual(['/', 'hpa', 'shop', 'web']);
  });

  it('counts findings by severity, most severe first', () => {
    const f = (severity: 'critical' | 'warning' | 'info') => ({ severity }) as Parameters<typeof severityCounts>[0][number];
    expect(severityCounts([f('warning'), f('critical'), f('warning')])).toEqual([
      { severity: 'critical', count: 1 },
      { severity: 'warning', count: 2 },
    ]);
  });

  describe('historyOf', () => {
    it('keeps the questions and the answers the user saw, oldest first', () => {
      const turns = [turn('assistant', 'A1'), turn('user', 'Q2'), turn('assistant', 'A2 partial', 'stopped'), turn('user', 'Q3'), turn('assistant', 'A3')];
      expect(historyOf(turns)).toEqual([
        { role: 'assistant', content: 'A1' },
        { role: 'user', content: 'Q2' },
        { role: 'assistant', content: 'A2 partial' },
        { role: 'user', content: 'Q3' },
        { role: 'assistant', content: 'A3' },
      ]);
    });

    it('leaves out an answer cut by an error or still arriving, with its question', () => {
      const turns = [turn('user', 'Q1'), turn('assistant', 'A1'), turn('user', 'Q2'), turn('assistant', 'half', 'error'), turn('user', 'Q3'), turn('assistant', '', 'streaming')];
      expect(historyOf(turns)).toEqual([
        { role: 'user', content: 'Q1' },
        { role: 'assistant', content: 'A1' },
      ]);
    });

    it('sends at most the API’s 20 turns, the newest, each cut to its limit', () => {
      const turns = Array.from({ length: 30 }, (_, i) => turn(i % 2 ? 'assistant' : 'user', `T${i}`));
      turns.push(turn('user', 'long'), turn('assistant', 'x'.repeat(TURN_MAX + 10)));
      const history = historyOf(turns);
      expect(history).toHaveLength(HISTORY_MAX);
      expect(history[history.length - 1]?.content).toHaveLength(TURN_MAX);
      expect(history[0]?.content).toBe('T12');
    });
  });

  it('reads a 429 with its wait, and a 502 as the provider failing', () => {
    const limited = aiFailure(new ApiError(429, 'RATE_LIMITED', 'slow down', { retryAfterSeconds: 7.2 }));
    expect(limited).toEqual({ kind: 'rate-limited', title: 'The model provider is busy', message: 'slow down', retryAfterSeconds: 8 });
    expect(aiFailure(new ApiError(429, 'RATE_LIMITED', 'slow down')).retryAfterSeconds).toBe(1);
    expect(aiFailure(new ApiError(502, 'UPSTREAM_ERROR', 'bad key'))).toMatchObject({ kind: 'upstream', message: 'bad key', retryAfterSeconds: null });
    expect(aiFailure(new ApiError(0, 'NETWORK_ERROR', 'cut'))).toMatchObject({ kind: 'unreachable' });
    expect(aiFailure(new Error('boom'))).toMatchObject({ kind: 'error', message: 'boom' });
  });

  it('says waits and redactions in words', () => {
    expect(waitText(1)).toBe('in 1 second');
    expect(waitText(20)).toBe('in 20 seconds');
    expect(waitText(61)).toBe('in 1 minute 1 second');
    expect(waitText(120)).toBe('in 2 minutes');
    expect(redactionSummary([])).toBeNull();
    expect(redactionSummary([{ rule: 'jwt', count: 1 }])).toBe('1 value redacted (jwt 1)');
    expect(redactionSummary([{ rule: 'jwt', count: 1 }, { rule: 'pem-block', count: 2 }])).toBe('3 values redacted (jwt 1, pem-block 2)');
  });
});
