import { createHmac } from 'node:crypto';
import { checkout } from '../../testing/lab';
import { fake } from './corpus';
import { pseudonym, redact, redactText, type RedactionOptions } from './redact';

const options: RedactionOptions = { pseudonymKey: 'spec-key' };
const hmac6 = (key: string, name: string) => createHmac('sha256', key).update(name).digest('hex').slice(0, 6);

describe('redact: structure', () => {
  it('replaces values under secret-bearing keys, whatever their case or place, and keeps the keys', () => {
    const input = {
      config: {
        db: { host: 'orders-db', Password: 'pw-1', passwd: 'pw-2' },
        apiKey: 'k-1',
        api_key: 'k-2',
        'api-key': 'k-3',
        AWS_ACCESS_KEY: 'k-4',
        private_key: 'k-5',
        clientSecret: 's-1',
        refreshToken: 't-1',
        credentials: { username: 'admin', password: 'pw-3' },
        basicAuth: 'dXNlcjpwYXNz',
        signingKey: 'k-6',
        pin: 1234,
        Authorization: 'Bearer abc',
      },
    };
    const { value, redactions } = redact(input, options);
    expect(value).toEqual({
      config: {
        db: { host: 'orders-db', Password: '[REDACTED:secret-key]', passwd: '[REDACTED:secret-key]' },
        apiKey: '[REDACTED:secret-key]',
        api_key: '[REDACTED:secret-key]',
        'api-key': '[REDACTED:secret-key]',
        AWS_ACCESS_KEY: '[REDACTED:secret-key]',
        private_key: '[REDACTED:secret-key]',
        clientSecret: '[REDACTED:secret-key]',
        refreshToken: '[REDACTED:secret-key]',
        credentials: { username: 'admin', password: '[REDACTED:secret-key]' },
        basicAuth: '[REDACTED:secret-key]',
        signingKey: '[REDACTED:secret-key]',
        pin: 1234,
        Authorization: '[REDACTED:secret-key]',
      },
    });
    expect(redactions).toEqual([{ rule: 'secret-key', count: 13 }]);
  });

  it('keeps what only names or points at a secret: refs, names, paths, flags, author', () => {
    const input = {
      author: 'Jane Doe',
      authority: 'https://login.example.com',
      automountServiceAccountToken: false,
      imagePullSecrets: [{ name: 'registry-credentials' }],
      tls: [{ hosts: ['shop.lab.example'], secretName: 'storefront-tls' }],
      env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-db', key: 'password' } } }],
      envFrom: [{ secretRef: { name: 'checkout-env' } }],
      volumes: [
        { name: 'certs', secret: { secretName: 'checkout-tls', items: [{ key: 'tls.key', path: 'key.pem' }], defaultMode: 420 } },
        { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607, audience: 'vault' } }] } },
      ],
      tokenFile: '/var/run/secrets/token',
      passwordSecretRef: { name: 'db', key: 'password' },
      authType: 'oidc',
    };
    expect(redact(input, options)).toEqual({ value: input, redactions: [] });
  });

  it("redacts a Secret's data and stringData values, keeping the keys, and the values of secret-looking env entries", () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'orders-db' }, type: 'Opaque', data: { username: 'b3JkZXJz', password: 'aHVudGVyMg==' }, stringData: { extra: 'x-1' } };
    expect(redact(secret, options)).toEqual({
      value: { ...secret, data: { username: '[REDACTED:secret-data]', password: '[REDACTED:secret-data]' }, stringData: { extra: '[REDACTED:secret-data]' } },
      redactions: [{ rule: 'secret-data', count: 3 }],
    });
    const env = [
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'SENTRY_DSN', value: 'https://abc@sentry.example.com/1' },
      { name: 'MONGO_CONN', value: 'mongodb://db:27017' },
      { name: 'DATABASE_URL', value: 'postgres://db:5432/orders' },
      { name: 'UPSTREAM_URL', value: 'https://api.example.com/v1' },
      { name: 'CALLBACK_URL', value: 'https://bot:pw-9@hooks.example.com/x' },
      { name: 'APP_KEY', value: 'base64:abc' },
      { name: 'AUTHOR', value: 'Jane' },
      { name: 'PASSWORD_FILE', value: '/run/secrets/db' },
      { name: 'PORT', value: 8080 },
    ];
    const out = redact({ env }, options).value.env.map((e) => `${e.name}=${e.value}`);
    expect(out).toEqual([
      'LOG_LEVEL=debug',
      'SENTRY_DSN=[REDACTED:secret-env]',
      'MONGO_CONN=[REDACTED:secret-env]',
      'DATABASE_URL=[REDACTED:secret-env]',
      'UPSTREAM_URL=https://api.example.com/v1',
      'CALLBACK_URL=[REDACTED:secret-env]',
      'APP_KEY=[REDACTED:secret-env]',
      'AUTHOR=Jane',
      'PASSWORD_FILE=/run/secrets/db',
      'PORT=8080',
    ]);
  });

  it('redacts the secret fields of a kubeconfig given as an object', () => {
    const kubeconfig = {
      clusters: [{ name: 'prod', cluster: { server: 'https://203.0.113.10:6443', 'certificate-authority-data': 'Q0E=' } }],
      users: [
        { name: 'admin', user: { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' } },
        { name: 'ci', user: { token: 'abc.def' } },
        { name: 'oidc', user: { 'auth-provider': { name: 'oidc', config: { 'client-secret': 'cs', 'id-token': 'it', 'refresh-token': 'rt' } } } },
      ],
    };
    const { value, redactions } = redact(kubeconfig, options);
    const json = JSON.stringify(value);
    for (const secret of ['Q0E=', 'Q0VSVA==', 'S0VZ', 'abc.def', '"cs"', '"it"', '"rt"']) expect(json).not.toContain(secret);
    expect(json).toContain('https://203.0.113.10:6443');
    expect(redactions).toEqual([
      { rule: 'kubeconfig-field', count: 3 },
      { rule: 'secret-key', count: 4 },
    ]);
  });

  it('reads a JSON document inside a string as a structure (last-applied-configuration of a Secret)', () => {
    const applied = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: 'aHVudGVyMg==' } });
    const { value } = redact({ metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `${applied}\n` } } }, options);
    const out = value.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'];
    expect(JSON.parse(out)).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: '[REDACTED:secret-data]' } });
  });

  it('applies the text rules to keys too', () => {
    const token = 'ghp_' + fake('key-token', 36);
    const { value } = redact({ [token]: 'x', plain: 1 }, options);
    expect(Object.keys(value)).toEqual(['[REDACTED:github-token]', 'plain']);
  });

  it('never mutates its input, and returns a copy', () => {
    const c = checkout();
    const pod = { ...c.pod, spec: { ...c.pod.spec, containers: [{ name: 'checkout', env: [{ name: 'DB_PASSWORD', value: 'pw-1' }] }] } };
    const before = JSON.stringify(pod);
    const { value } = redact(Object.freeze(pod), { ...options, hideNames: ['shop', 'checkout'] });
    expect(JSON.stringify(pod)).toBe(before);
    expect(value).not.toBe(pod);
    expect(JSON.stringify(value)).not.toContain('pw-1');
  });

  it('counts per rule, sorted by rule, and leaves other values as they are', () => {
    const input = { n: 3, b: true, z: null, d: 'password=abc123 token=def456', url: 'https://u:p4ss@h/x', list: ['AKIA' + fake('akia-count', 16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')] };
    const { value, redactions } = redact(input, options);
    expect(value).toEqual({
      n: 3,
      b: true,
      z: null,
      d: 'password=[REDACTED:key-value] token=[REDACTED:key-value]',
      url: 'https://u:[REDACTED:url-credentials]@h/x',
      list: ['[REDACTED:aws-access-key-id]'],
    });
    expect(redactions).toEqual([
      { rule: 'aws-access-key-id', count: 1 },
      { rule: 'key-value', count: 2 },
      { rule: 'url-credentials', count: 1 },
    ]);
  });
});

describe('redact: text', () => {
  it('keeps the Authorization scheme and the user of a URL, and says which rule removed what', () => {
    expect(redactText('Authorization: Bearer abcdefghijklmnop1234', options)).toEqual({
      value: 'Authorization: Bearer [REDACTED:authorization-header]',
      redactions: [{ rule: 'authorization-header', count: 1 }],
    });
    expect(redactText('redis://:pw-7x@redis:6379 and postgres://orders:pw-8y@db/orders', options).value).toBe(
      'redis://:[REDACTED:url-credentials]@redis:6379 and postgres://orders:[REDACTED:url-credentials]@db/orders',
    );
  });

  it('tells prose from credentials', () => {
    for (const prose of ['anonymous token: unexpected status', 'may require authorization: server message: insufficient_scope', 'Bearer token missing', 'cookie: expired']) {
      expect(redactText(prose, options).value).toBe(prose);
    }
    expect(redactText('db password: hunter', options).value).toBe('db password: [REDACTED:key-value]');
  });

  it('is idempotent, also around markers and pseudonyms', () => {
    const jwt = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiJjaGVja291dCJ9', fake('idem-sig', 43)].join('.');
    const raw = `Authorization: Bearer ${jwt} password=abc123 postgres://u:pw-1@db:5432 name: db REDACTED`;
    const hide = { ...options, hideNames: ['name', 'db', 'REDACTED', 'key-value'] };
    const once = redactText(raw, hide);
    expect(once.value).toMatch(/^Authorization: Bearer \[REDACTED:jwt\] password=\[REDACTED:key-value\] postgres:\/\/u:\[REDACTED:url-credentials\]@name-[0-9a-f]{6}:5432 name-[0-9a-f]{6}: name-[0-9a-f]{6} name-[0-9a-f]{6}$/);
    expect(redactText(once.value, hide)).toEqual({ value: once.value, redactions: [] });
  });
});

describe('redact: known secrets', () => {
  it('removes every occurrence, as is, trimmed, in base64 (padded or not, URL-safe), URL-encoded and JSON-escaped', () => {
    const secret = 'p@ss "w0rd"/+?\n';
    const core = 'p@ss "w0rd"/+?';
    const forms = [
      core,
      Buffer.from(secret).toString('base64'),
      Buffer.from(core).toString('base64'),
      Buffer.from(core).toString('base64').replace(/=+$/, ''),
      Buffer.from(core).toString('base64url'),
      encodeURIComponent(core),
      JSON.stringify(core).slice(1, -1),
    ];
    const text = forms.map((f, i) => `form${i}=<${f}>`).join(' ');
    const { value, redactions } = redactText(text, { ...options, knownSecrets: [secret] });
    for (const f of forms) expect(value).not.toContain(f);
    expect(value).toContain('form0=<[REDACTED:known-secret]>');
    expect(redactions.find((r) => r.rule === 'known-secret')?.count).toBe(forms.length);
  });

  it('ignores values too short to mean anything (every "1" would go)', () => {
    expect(redactText('replicas 1 of 3, ok', { ...options, knownSecrets: ['1', 'ok', '  '] }).value).toBe('replicas 1 of 3, ok');
  });
});

describe('redact: hidden names', () => {
  const hide: RedactionOptions = { pseudonymKey: 'tenant-key', hideNames: ['shop', 'checkout', 'checkout-api', 'db.internal.example.com'] };
  const p = (name: string) => `name-${hmac6('tenant-key', name)}`;

  it('replaces each with name- and the first 6 hex of HMAC-SHA256(key, name), the same on every call', () => {
    expect(pseudonym('shop', 'tenant-key')).toBe(p('shop'));
    expect(redactText('namespace shop', hide).value).toBe(`namespace ${p('shop')}`);
    expect(redactText('namespace shop', hide).value).toBe(redactText('namespace shop', { ...hide }).value);
    expect(redactText('namespace shop', { ...hide, pseudonymKey: 'other' }).value).not.toBe(redactText('namespace shop', hide).value);
    expect(p('shop')).toMatch(/^name-[0-9a-f]{6}$/);
  });

  it('matches whole tokens, longest first, case-sensitively, also as the prefix of generated names', () => {
    const text = 'pod checkout-5f8d7c9b4-q7vxt_shop(uid) of checkout-api; shopping Shop checkout2 db.internal.example.com:5432';
    expect(redactText(text, hide)).toEqual({
      value: `pod ${p('checkout')}-5f8d7c9b4-q7vxt_${p('shop')}(uid) of ${p('checkout-api')}; shopping Shop checkout2 ${p('db.internal.example.com')}:5432`,
      redactions: [{ rule: 'hidden-name', count: 4 }],
    });
  });

  it('replaces names in values, not in keys', () => {
    const { value } = redact({ metadata: { namespace: 'shop', labels: { shop: 'checkout' } } }, hide);
    expect(value).toEqual({ metadata: { namespace: p('shop'), labels: { shop: p('checkout') } } });
  });

  it('replaces names after secrets are gone, so a name inside a secret does not keep it', () => {
    expect(redactText('postgres://checkout:checkout-pw@db.internal.example.com/shop', hide).value).toBe(
      `postgres://${p('checkout')}:[REDACTED:url-credentials]@${p('db.internal.example.com')}/${p('shop')}`,
    );
  });
});
