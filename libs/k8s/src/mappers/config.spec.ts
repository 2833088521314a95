import type { V1Secret } from '@kubernetes/client-node';
import { base64DecodedSize, toConfigMapDetail, toConfigMapSummary, toSecretDetail, toSecretSummary } from './config';
import type { Wire } from './wire';

const NOW = new Date('2025-06-01T12:00:00Z');
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('base64DecodedSize', () => {
  it.each(['', 'a', 'ab', 'abc', 'abcd', 'hello world', 'ünïcödé', '\u0000\u0001binary'])(
    'matches the decoded length of %j',
    (text) => {
      const encoded = b64(text);
      expect(base64DecodedSize(encoded)).toBe(Buffer.from(encoded, 'base64').length);
      expect(base64DecodedSize(encoded.replace(/=+$/, ''))).toBe(Buffer.from(encoded, 'base64').length);
    },
  );
});

describe('secrets never leak values', () => {
  const values = {
    password: 'hunter2-very-secret',
    'api-key': 'sk-live-0123456789abcdef',
    token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl',
  };
  const secret: Wire<V1Secret> = {
    metadata: {
      name: 'app-secret',
      namespace: 'shop',
      uid: 's-1',
      creationTimestamp: '2025-06-01T11:00:00Z',
      labels: { app: 'shop' },
      annotations: {
        owner: 'team-a',
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
          apiVersion: 'v1',
          kind: 'Secret',
          stringData: values,
        }),
      },
    },
    type: 'Opaque',
    data: { password: b64(values.password), 'api-key': b64(values['api-key']) },
    stringData: { token: values.token },
  };
  const forbidden = Object.values(values).flatMap((value) => [value, b64(value), b64(value).replace(/=+$/, '')]);

  it.each([
    ['summary', () => toSecretSummary(secret, NOW)],
    ['detail', () => toSecretDetail(secret, NOW)],
  ])('the serialised %s contains no value, encoded or decoded', (_name, map) => {
    const serialised = JSON.stringify(map());
    for (const value of forbidden) expect(serialised).not.toContain(value);
    // The substring check must be able to see a leak: the raw object does contain the values.
    expect(JSON.stringify(secret)).toContain(values.password);
  });

  it('gives keys with decoded sizes and kubectl DATA', () => {
    const summary = toSecretSummary(secret, NOW);
    expect(summary.type).toBe('Opaque');
    expect(summary.dataCount).toBe(3);
    expect(summary.keys).toEqual([
      { key: 'api-key', size: values['api-key'].length },
      { key: 'password', size: values.password.length },
      { key: 'token', size: values.token.length },
    ]);
  });

  it('masks the last-applied annotation, keeps the others', () => {
    const detail = toSecretDetail(secret, NOW);
    expect(detail.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe('<masked>');
    expect(detail.annotations['owner']).toBe('team-a');
    expect(secret.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toContain('hunter2');
  });
});

describe('configmaps', () => {
  const configMap = {
    metadata: { name: 'app-config', namespace: 'shop' },
    data: { 'config.yaml': 'port: 8080\n', 'app.conf': 'x=1' },
    binaryData: { 'logo.png': b64('\u0089PNG\r\n') },
  };

  it('counts data and binaryData keys like kubectl DATA', () => {
    expect(toConfigMapSummary(configMap, NOW)).toMatchObject({
      dataCount: 3,
      keys: ['app.conf', 'config.yaml', 'logo.png'],
    });
  });

  it('returns text values and only the sizes of binary ones', () => {
    const detail = toConfigMapDetail(configMap, NOW);
    expect(detail.data).toEqual(configMap.data);
    expect(detail.binaryData).toEqual([{ key: 'logo.png', size: Buffer.from('\u0089PNG\r\n', 'utf8').length }]);
    expect(JSON.stringify(detail)).not.toContain(configMap.binaryData['logo.png']);
  });
});
