/**
 * The redaction corpus: realistic secrets, one or more per rule, each placed where it turns up in a
 * cluster, and benign strings that must come out unchanged. The redactor's spec proves every sample; the
 * API's tests put the same samples into the lab and search what reached the (fake) model provider.
 *
 * Every token is fake but well-formed, and built at runtime (prefix + generated characters), so no
 * secret scanner mistakes this file for a leak.
 */

export type CorpusPlace = 'env' | 'log' | 'annotation' | 'kubeconfig' | 'secret-data';

export interface CorpusEntry {
  /** The rule that removes the secret where `where` puts it. */
  rule: string;
  /**
   * The text to plant. Where it goes:
   * - `env`: `NAME=value`, an env entry of a container (split at the first `=`, see `splitEnvSample`);
   * - `log`: lines of a container's log;
   * - `annotation`: the value of an annotation on the object;
   * - `kubeconfig`: a kubeconfig (YAML or JSON) as text: the whole log of a container that prints it;
   * - `secret-data`: a value of a Secret (`stringData`, or base64 in `data`). Such a value is only
   *   recognisable elsewhere (a log echoing it) when the caller passes it in `knownSecrets`.
   * Every sample other than `secret-data` is also removed when it is planted anywhere as plain text.
   */
  sample: string;
  /** The part that must never appear downstream. */
  secret: string;
  where: CorpusPlace;
}

export interface BenignEntry {
  what: string;
  /** Must come out of the redactor unchanged (without hidden names). */
  sample: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const B64 = `${ALNUM}+/`;

/** `n` characters of `alphabet`, the same for the same seed on every run. */
export function fake(seed: string, n: number, alphabet = ALNUM): string {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  let out = '';
  for (let i = 0; i < n; i++) {
    h ^= h << 13;
    h >>>= 0;
    h ^= h >>> 17;
    h ^= h << 5;
    h >>>= 0;
    out += alphabet[h % alphabet.length];
  }
  return out;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

/** A PEM block of the given type, its body 64-character lines of generated base64. */
function pem(type: string, seed: string, lines = 6): { block: string; bodyLine: string } {
  const body = Array.from({ length: lines }, (_, i) => fake(`${seed}${i}`, 64, B64));
  const dashes = '-'.repeat(5);
  return { block: [`${dashes}BEGIN ${type}${dashes}`, ...body, `${dashes}END ${type}${dashes}`].join('\n'), bodyLine: body[2] };
}

const RSA_KEY = 'RSA ' + 'PRIVATE KEY';
const EC_KEY = 'EC ' + 'PRIVATE KEY';
const PKCS8_KEY = 'PRIVATE ' + 'KEY';

const password = (seed: string) => `${fake(seed, 10)}-${fake(`${seed}!`, 8)}`;

function jwt(seed: string): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', kid: fake(`${seed}kid`, 12), typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ iss: 'https://kubernetes.default.svc.cluster.local', sub: 'system:serviceaccount:shop:checkout', exp: 1795000000 }));
  return `${header}.${payload}.${fake(`${seed}sig`, 86, `${ALNUM}-_`)}`;
}

function kubeconfigYaml(seed: string) {
  const ca = b64(pem('CERTIFICATE', `${seed}ca`).block);
  const cert = b64(pem('CERTIFICATE', `${seed}cert`).block);
  const key = b64(pem(RSA_KEY, `${seed}key`).block);
  const token = fake(`${seed}tok`, 6, 'abcdefghijklmnopqrstuvwxyz0123456789') + '.' + fake(`${seed}tok2`, 16, 'abcdefghijklmnopqrstuvwxyz0123456789');
  const basic = password(`${seed}basic`);
  const text = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${ca}`,
    '    server: https://203.0.113.10:6443',
    '  name: prod',
    'contexts:',
    '- context:',
    '    cluster: prod',
    '    user: admin',
    '  name: prod-admin',
    'current-context: prod-admin',
    'users:',
    '- name: admin',
    '  user:',
    `    client-certificate-data: ${cert}`,
    `    client-key-data: ${key}`,
    '- name: deployer',
    '  user:',
    `    token: ${token}`,
    '- name: legacy',
    '  user:',
    '    username: admin',
    `    password: ${basic}`,
    '',
  ].join('\n');
  return { text, ca, cert, key, token, basic };
}

function kubeconfigJson(seed: string) {
  const key = b64(pem(EC_KEY, `${seed}key`).block);
  const cert = b64(pem('CERTIFICATE', `${seed}cert`).block);
  const text = JSON.stringify(
    {
      kind: 'Config',
      apiVersion: 'v1',
      clusters: [{ name: 'staging', cluster: { server: 'https://staging.example.internal:6443', 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'ci', user: { 'client-certificate-data': cert, 'client-key-data': key } }],
      contexts: [{ name: 'staging', context: { cluster: 'staging', user: 'ci' } }],
      'current-context': 'staging',
    },
    null,
    2,
  );
  return { text, key };
}

function build(): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  const add = (rule: string, where: CorpusPlace, sample: string, secret: string) => entries.push({ rule, where, sample, secret });

  // ---- env: NAME=value -------------------------------------------------------------------------------
  const dbPassword = password('db');
  add('secret-env', 'env', `DB_PASSWORD=${dbPassword}`, dbPassword);
  const sessionSecret = fake('session', 48);
  add('secret-env', 'env', `SESSION_SECRET=${sessionSecret}`, sessionSecret);
  const pgPassword = password('pg');
  add('secret-env', 'env', `DATABASE_URL=postgres://orders:${pgPassword}@orders-db.payments.svc:5432/orders?sslmode=require`, pgPassword);
  const mongoPassword = password('mongo');
  add('secret-env', 'env', `MONGO_CONN=mongodb+srv://catalog:${mongoPassword}@cluster0.x7k2p.mongodb.net/catalog?retryWrites=true`, mongoPassword);
  const redisPassword = password('redis');
  add('secret-env', 'env', `CACHE_URL=redis://:${redisPassword}@redis-master.shop.svc:6379/0`, redisPassword);
  const sentryKey = fake('sentry', 32, HEX);
  add('secret-env', 'env', `SENTRY_DSN=https://${sentryKey}@o450123.ingest.sentry.io/5512345`, sentryKey);
  const apiKey = fake('apikey', 40);
  add('secret-env', 'env', `PAYMENT_API_KEY=${apiKey}`, apiKey);
  const jvmPassword = password('jvm');
  add('key-value', 'env', `JAVA_TOOL_OPTIONS=-Xmx512m -Dspring.datasource.password=${jvmPassword} -Duser.timezone=UTC`, jvmPassword);
  const webhook = `T${fake('slackT', 8, UPPER_DIGITS)}/B${fake('slackB', 10, UPPER_DIGITS)}/${fake('slackW', 24)}`;
  add('slack-token', 'env', `ALERT_WEBHOOK=https://hooks.slack.com/services/${webhook}`, webhook);
  const kubeconfigB64 = b64(kubeconfigYaml('envkc').text);
  add('base64-blob', 'env', `KUBECONFIG_CONTENT=${kubeconfigB64}`, kubeconfigB64.slice(40, 120));

  // ---- log lines -------------------------------------------------------------------------------------
  const rsa = pem(RSA_KEY, 'rsa');
  add('pem', 'log', `2026-11-27T14:04:49Z DEBUG loaded signing key:\n${rsa.block}\n2026-11-27T14:04:49Z INFO listening on :8080`, rsa.bodyLine);
  const cert = pem('CERTIFICATE', 'cert');
  add('pem', 'log', `tls: using certificate\n${cert.block}`, cert.bodyLine);
  const pkcs8 = pem(PKCS8_KEY, 'pkcs8');
  add('pem', 'log', `panic: invalid key ${JSON.stringify(pkcs8.block)}`, pkcs8.bodyLine);
  const cut = pem(RSA_KEY, 'cut');
  add('pem', 'log', cut.block.split('\n').slice(0, 4).join('\n'), cut.bodyLine.slice(0, 40));
  const headless = pem(EC_KEY, 'headless');
  add('pem', 'log', headless.block.split('\n').slice(2).join('\n'), headless.bodyLine);

  const token = jwt('jwt');
  add('jwt', 'log', `level=debug msg="token exchange ok" id_token_hint ${token} expires_in=3600`, token.split('.')[2]);
  const saToken = jwt('sa');
  add('jwt', 'log', `projected token: ${saToken}`, saToken.split('.')[2]);

  const ghp = 'ghp_' + fake('ghp', 36);
  add('github-token', 'log', `git clone https://github.com/orphelix/shop failed, retrying with token ${ghp}`, ghp);
  const ghs = 'ghs_' + fake('ghs', 36);
  add('github-token', 'log', `using installation token ${ghs} (expires in 59m)`, ghs);
  const gho = 'gho_' + fake('gho', 36);
  add('github-token', 'log', `oauth callback ok access ${gho}`, gho);
  const pat = 'github_pat_' + fake('pat1', 22) + '_' + fake('pat2', 59);
  add('github-token', 'log', `gh: authenticating to api.github.com with ${pat}`, pat);
  const glpat = 'glpat-' + fake('glpat', 20, `${ALNUM}-_`);
  add('gitlab-token', 'log', `fatal: could not read from https://gitlab.example.com/shop/api.git (PRIVATE-TOKEN ${glpat})`, glpat);
  const xoxb = `xoxb-${fake('xoxb1', 12, '0123456789')}-${fake('xoxb2', 13, '0123456789')}-${fake('xoxb3', 24)}`;
  add('slack-token', 'log', `slack: posting to #alerts with ${xoxb}`, xoxb);
  const akia = 'AKIA' + fake('akia', 16, UPPER_DIGITS);
  add('aws-access-key-id', 'log', `botocore.credentials Found credentials in environment variables. key_id ${akia}`, akia);
  const asia = 'ASIA' + fake('asia', 16, UPPER_DIGITS);
  add('aws-access-key-id', 'log', `assumed role, temporary key ${asia}`, asia);
  const awsSecret = fake('awssecret', 40, B64);
  add('aws-secret-access-key', 'log', `[default]\naws_access_key_id = ${'AKIA' + fake('akia2', 16, UPPER_DIGITS)}\naws_secret_access_key = ${awsSecret}\n`, awsSecret);
  const awsSecretJson = fake('awssecretjson', 40, B64);
  add('aws-secret-access-key', 'log', `sts response "SecretAccessKey": "${awsSecretJson}", "Expiration"`, awsSecretJson);
  const google = 'AIza' + fake('google', 35, `${ALNUM}-_`);
  add('google-api-key', 'log', `GET https://maps.googleapis.com/maps/api/geocode/json?address=Berlin&key=${google} 200`, google);
  const openai = 'sk-proj-' + fake('openai', 20) + 'T3BlbkFJ' + fake('openai2', 20) + 'A1';
  add('openai-key', 'log', `openai.AuthenticationError: Incorrect API key provided: ${openai}`, openai);
  const openaiLegacy = 'sk-' + fake('openaiLegacy', 20) + 'T3BlbkFJ' + fake('openaiLegacy2', 18) + '9Z';
  add('openai-key', 'log', `config loaded: provider=openai key ${openaiLegacy}`, openaiLegacy);
  const anthropic = 'sk-ant-api03-' + fake('anthropic', 93, `${ALNUM}-_`) + 'AA';
  add('anthropic-key', 'log', `anthropic client init with ${anthropic}`, anthropic);
  const stripe = 'sk_' + 'live_' + fake('stripe', 24);
  add('stripe-key', 'log', `stripe: charging order A-1042 with ${stripe}`, stripe);
  const stripeRestricted = 'rk_' + 'live_' + fake('stripeRk', 24);
  add('stripe-key', 'log', `restricted key ${stripeRestricted} lacks permission`, stripeRestricted);
  const azureKey = fake('azure', 86, B64) + '==';
  add(
    'azure-storage-key',
    'log',
    `BlobServiceClient: DefaultEndpointsProtocol=https;AccountName=shopassets;AccountKey=${azureKey};EndpointSuffix=core.windows.net`,
    azureKey,
  );
  const amqpPassword = password('amqp');
  add('url-credentials', 'log', `connecting to amqp://orders:${amqpPassword}@rabbitmq.shop.svc:5672/ failed: ECONNREFUSED`, amqpPassword);
  const atPassword = `${fake('at1', 6)}@${fake('at2', 6)}`;
  add('url-credentials', 'log', `mysql://shop:${atPassword}@mysql-0.mysql:3306/shop`, atPassword);
  const gitToken = fake('gittoken', 40, HEX);
  add('url-credentials', 'log', `remote: https://${gitToken}@git.example.com/shop/config.git`, gitToken);
  const sqlPassword = password('mssql');
  add(
    'connection-string',
    'log',
    `Server=tcp:sql.shop.internal,1433;Initial Catalog=orders;User ID=orders;Password=${sqlPassword};Encrypt=True;`,
    sqlPassword,
  );
  const spacedPassword = `${fake('spaced1', 6)} ${fake('spaced2', 6)}`;
  add('connection-string', 'log', `Data Source=db;User Id=sa;Pwd=${spacedPassword};`, spacedPassword);
  const loginPassword = password('login');
  add('key-value', 'log', `2026-11-27T14:05:02Z WARN login failed user=admin password=${loginPassword} ip=10.244.1.9`, loginPassword);
  const queryToken = fake('query', 32);
  add('key-value', 'log', `GET /oauth/callback?code=ok&access_token=${queryToken}&state=xyz 302`, queryToken);
  const yamlPassword = password('yaml');
  add('key-value', 'log', `config:\n  db:\n    host: orders-db\n    password: ${yamlPassword}\n`, yamlPassword);
  const flagToken = fake('flag', 23, 'abcdefghijklmnopqrstuvwxyz0123456789.');
  add('key-value', 'log', `+ kubeadm join 10.0.0.1:6443 --token ${flagToken} --discovery-token-unsafe-skip-ca-verification`, flagToken);
  const inlineJsonSecret = fake('inlinejson', 32);
  add('key-value', 'log', `14:05:02 request body {"user":"bob","password":"${inlineJsonSecret}"} rejected`, inlineJsonSecret);
  const bearer = fake('bearer', 40, `${ALNUM}-._~`);
  add('bearer-token', 'log', `upstream returned 401 for token Bearer ${bearer}`, bearer);
  const header = fake('header', 48);
  add('authorization-header', 'log', `> GET /v1/orders HTTP/1.1\n> Authorization: Bearer ${header}\n> Accept: */*`, header);
  const basic = b64(`deploy:${password('basic')}`);
  add('authorization-header', 'log', `curl -H 'Authorization: Basic ${basic}' https://registry.example.com/v2/`, basic);
  const cookie = fake('cookie', 40);
  add('cookie-header', 'log', `request headers: Cookie: sessionid=${cookie}; csrftoken=abc`, cookie);
  const dockerAuth = b64(`robot$shop:${password('docker')}`);
  const dockerConfig = b64(JSON.stringify({ auths: { 'registry.example.com': { auth: dockerAuth } } }));
  add('base64-blob', 'log', `writing /root/.docker/config.json from ${dockerConfig}`, dockerConfig.slice(20, 100));

  // ---- kubeconfig --------------------------------------------------------------------------------------
  const kc = kubeconfigYaml('kc');
  add('kubeconfig-text', 'kubeconfig', kc.text, kc.key);
  add('kubeconfig-text', 'kubeconfig', kc.text, kc.cert);
  add('kubeconfig-text', 'kubeconfig', kc.text, kc.ca);
  add('key-value', 'kubeconfig', kc.text, kc.token);
  add('key-value', 'kubeconfig', kc.text, kc.basic);
  const kcj = kubeconfigJson('kcj');
  add('kubeconfig-field', 'kubeconfig', kcj.text, kcj.key);

  // ---- annotations ---------------------------------------------------------------------------------------
  const applied = b64(password('applied'));
  add(
    'secret-data',
    'annotation',
    JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'orders-db', namespace: 'payments' }, type: 'Opaque', data: { password: applied } }) + '\n',
    applied,
  );
  const jsonSecret = fake('jsonsecret', 32);
  add('secret-key', 'annotation', JSON.stringify({ issuer: 'https://login.example.com', client_id: 'console', client_secret: jsonSecret }), jsonSecret);
  const annotatedPassword = password('annotated');
  add('secret-key', 'annotation', JSON.stringify({ backup: { endpoint: 's3.example.com', accessKey: 'backup', password: annotatedPassword } }), annotatedPassword);
  const annotatedUrlPassword = password('annotatedurl');
  add('url-credentials', 'annotation', `https://admin:${annotatedUrlPassword}@grafana.example.com/d/abc`, annotatedUrlPassword);
  const caBundle = b64(pem('CERTIFICATE', 'cabundle').block);
  add('base64-blob', 'annotation', caBundle, caBundle.slice(100, 180));

  // ---- Secret data ---------------------------------------------------------------------------------------
  const plain = password('plain');
  add('secret-data', 'secret-data', plain, plain);
  const tlsKey = pem(PKCS8_KEY, 'tlskey');
  add('secret-data', 'secret-data', tlsKey.block, tlsKey.bodyLine);
  const dockerJson = JSON.stringify({ auths: { 'ghcr.io': { username: 'shop-bot', password: 'ghp_' + fake('ghcr', 36), auth: b64('shop-bot:x') } } });
  add('secret-data', 'secret-data', dockerJson, dockerJson);

  return entries;
}

export const REDACTION_CORPUS: readonly CorpusEntry[] = build();

/** An `env` sample as the entry a container spec holds: `{ name, value }`, split at the first `=`. */
export function splitEnvSample(sample: string): { name: string; value: string } {
  const at = sample.indexOf('=');
  return at < 0 ? { name: 'SAMPLE', value: sample } : { name: sample.slice(0, at), value: sample.slice(at + 1) };
}

const digest = 'sha256:' + fake('digest', 64, HEX);

export const BENIGN_CORPUS: readonly BenignEntry[] = [
  { what: 'image with registry port and tag', sample: 'registry.lab.invalid:5000/shop/checkout:2.4.0' },
  { what: 'image by digest', sample: `ghcr.io/orphelix/api@${digest}` },
  { what: 'image id', sample: `docker-pullable://registry.lab.invalid/shop/checkout@${digest}` },
  { what: 'container id', sample: `containerd://${fake('containerid', 64, HEX)}` },
  { what: 'digest', sample: digest },
  { what: 'uid', sample: '8f4e2a1c-4b1e-4c2a-9d3f-8f4e2a1c8f4e' },
  { what: 'resource version', sample: '1845502' },
  { what: 'label selector', sample: 'app=checkout' },
  { what: 'labels', sample: 'app.kubernetes.io/name=checkout,pod-template-hash=5f8d7c9b4,tier=frontend' },
  { what: 'container name', sample: 'token-refresher' },
  { what: 'pod name', sample: 'checkout-5f8d7c9b4-q7vxt' },
  { what: 'exit code', sample: 'exitCode: 137' },
  { what: 'termination', sample: 'Last State: Terminated, Reason: OOMKilled, Exit Code: 137' },
  { what: 'BackOff event', sample: 'Back-off restarting failed container checkout in pod checkout-5f8d7c9b4-q7vxt_shop(8f4e2a1c-4b1e-4c2a-9d3f-8f4e2a1c8f4e)' },
  { what: 'Pulled event', sample: 'Container image "registry.lab.invalid/shop/checkout:2.4.0" already present on machine' },
  {
    what: 'image pull needing credentials',
    sample:
      'Failed to pull image "registry.example.com/shop/api:1.2": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
  },
  {
    what: 'anonymous token fetch failing',
    sample:
      'failed to fetch anonymous token: unexpected status from GET request to https://auth.docker.io/token?scope=repository%3Alibrary%2Fnginx%3Apull&service=registry.docker.io: 401 Unauthorized',
  },
  { what: 'missing Secret volume', sample: 'MountVolume.SetUp failed for volume "db-credentials" : secret "db-credentials" not found' },
  { what: 'missing Secret key', sample: "Error: couldn't find key password in Secret shop/db-credentials" },
  { what: 'missing pull Secret', sample: 'Unable to retrieve some image pull secrets (registry-credentials); attempting to pull the image may not succeed.' },
  { what: 'readiness probe', sample: 'Readiness probe failed: Get "http://10.244.1.31:8080/ready": dial tcp 10.244.1.31:8080: connect: connection refused' },
  { what: 'liveness probe', sample: 'Liveness probe failed: HTTP probe failed with statuscode: 503' },
  {
    what: 'scheduler',
    sample:
      "0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
  },
  { what: 'OOM kill', sample: 'Memory cgroup out of memory: Killed process 4242 (java) total-vm:2894212kB, anon-rss:262144kB' },
  { what: 'kubectl step', sample: 'kubectl -n shop logs checkout-5f8d7c9b4-q7vxt -c checkout --previous' },
  { what: 'log line', sample: '2026-11-27T14:04:51Z INFO starting checkout version=2.4.0 port=8080 log_level=info' },
  { what: 'access log', sample: '10.244.1.1 - - [27/Nov/2026:14:05:00 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.36"' },
  { what: 'database host without credentials', sample: 'connecting to postgres://orders-db.payments.svc:5432/orders?sslmode=require as user orders' },
  { what: 'URL with a user only', sample: 'ssh://git@github.com/orphelix/shop.git' },
  { what: 'email', sample: 'paging oncall@example.com' },
  { what: 'prose about tokens', sample: 'Bearer token missing or expired; the password was rejected' },
  { what: 'service account token path', sample: 'using token from /var/run/secrets/kubernetes.io/serviceaccount/token' },
  { what: 'flag in YAML', sample: 'automountServiceAccountToken: false' },
  { what: 'Secret name in YAML', sample: 'secretName: storefront-tls' },
  { what: 'JSON log line', sample: '{"level":"error","msg":"payment failed","order":"A-1042","code":402}' },
  { what: 'base64 of plain text', sample: b64('feature flags: checkout-v2=on, recommendations=off, search=beta; region=eu-central-1') },
  { what: 'HPA condition', sample: 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu' },
  { what: 'sk- name', sample: 'sk-monitoring-dashboard-exporter-7f9c' },
];
