/**
 * The redactor's rules, each named: a rule's name is what `[REDACTED:<rule>]` and the redaction counts say.
 * Structural rules read an object's keys; text rules read every string (values, keys, log lines).
 */

export const REDACTION_RULES = {
  // Structural: where a value sits says it is secret.
  'secret-key': 'the value of a key naming a secret (password, passwd, secret, token, apiKey, access_key, private_key, credentials, auth), anywhere in the structure',
  'kubeconfig-field': "a kubeconfig's client-key(-data), client-certificate(-data) and certificate-authority-data",
  'secret-env': 'the value of an env entry (or any {name, value} pair) whose name looks secret, or a *_URL value carrying credentials',
  'secret-data': "the values of a Secret's data and stringData (keys kept)",
  // Text: what a string looks like says it is secret.
  'known-secret': 'a value the caller knows is secret (read from a Secret), as is, trimmed, base64-, URL- or JSON-encoded',
  pem: 'a PEM block of any type (certificates, private keys), also one whose start or end a log tail cut off',
  'kubeconfig-text': 'kubeconfig YAML or JSON in text: client-key-data, client-certificate-data, certificate-authority-data, id/refresh tokens',
  jwt: 'a JSON Web Token (base64url segments starting eyJ)',
  'github-token': 'GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)',
  'gitlab-token': 'GitLab tokens (glpat-, glrt-, gldt-)',
  'slack-token': 'Slack tokens (xoxb-, xoxp-, …) and incoming-webhook URLs',
  'aws-access-key-id': 'AWS access key ids (AKIA…, ASIA…)',
  'aws-secret-access-key': 'an AWS secret access key after aws_secret_access_key / SecretAccessKey',
  'google-api-key': 'Google API keys (AIza…)',
  'openai-key': 'OpenAI keys (sk-…, sk-proj-…)',
  'anthropic-key': 'Anthropic keys (sk-ant-…)',
  'stripe-key': 'Stripe secret and restricted keys (sk_live_, rk_live_, sk_test_, rk_test_)',
  'azure-storage-key': 'Azure AccountKey= and SharedAccessKey= values',
  'url-credentials': 'the password of a URL with userinfo (scheme://user:password@host), or a token used as its user',
  'authorization-header': "an Authorization header's credentials (the scheme is kept)",
  'cookie-header': 'Cookie and Set-Cookie header values',
  'bearer-token': 'a token after "Bearer "',
  'connection-string': 'Password= / Pwd= in ;-separated connection strings',
  'key-value': 'password=…, token: …, --secret … and the like in logs, query strings, YAML and JSON text',
  'base64-blob': 'base64 of 40 characters or more that decodes to a PEM block, a kubeconfig or text holding a secret',
  'hidden-name': 'a name the admin hides, replaced by a stable pseudonym (name-xxxxxx)',
} as const;

export type RedactionRule = keyof typeof REDACTION_RULES;

export const marker = (rule: RedactionRule): string => `[REDACTED:${rule}]`;

/** A redaction marker, or a pseudonym: never redacted again, which is what makes redaction idempotent. */
export const PROTECTED = /\[REDACTED:[a-z0-9-]+\]|(?<![A-Za-z0-9])name-[0-9a-f]{6}(?![A-Za-z0-9])/g;

export const isMarker = (value: string): boolean => /^\[REDACTED:[a-z0-9-]+\]$/.test(value);

// ---- keys ---------------------------------------------------------------------------------------------

/** Words that make a key (or an env name) secret-bearing. `auth` but not `author`/`authority`; `authorization` is. */
export const SECRET_WORD =
  /pass(?:word|wd|phrase)|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|(?:signing|encryption|master|session|ssh|hmac|license|shared)[_-]?key|credential|authoriz|auth(?!or)/i;

/** Keys whose value names or points at a secret rather than holding one: `secretName`, `secretKeyRef`, `tokenPath`, `passwordFile`, `authType`. */
const REFERENCE_KEY = /(?:name|names|ref|refs|namespace|selector|path|paths|file|files|kind|type|mode|enabled|seconds|version|audience|items)$/i;

/** kubeconfig fields with no secret word in their name. */
const KUBECONFIG_FIELD = /^(?:client-key|client-key-data|client-certificate|client-certificate-data|certificate-authority-data|idp-certificate-authority-data)$/i;

export type KeyClass = 'secret' | 'kubeconfig' | 'reference' | 'plain';

export function classifyKey(key: string): KeyClass {
  if (KUBECONFIG_FIELD.test(key)) return 'kubeconfig';
  if (REFERENCE_KEY.test(key)) return 'reference';
  return SECRET_WORD.test(key) ? 'secret' : 'plain';
}

const ENV_SECRET_SEGMENT = /(?:^|[_.-])(?:dsn|conn|connstr|connection|connectionstring|key|salt)(?:$|[_.-])/i;

/**
 * An env name whose value is secret: the secret words, a DSN, CONN, KEY or SALT segment, DATABASE_URL, or a
 * *_URL/*_URI whose value carries credentials. PASSWORD_FILE, TOKEN_PATH, SECRET_NAME say where a secret is.
 */
export function envNameLooksSecret(name: string, value: unknown): boolean {
  const url = /(?:url|uri)$/i.test(name);
  if (REFERENCE_KEY.test(name) && !url) return false;
  if (SECRET_WORD.test(name) || ENV_SECRET_SEGMENT.test(name) || /database[_-]?ur[li]/i.test(name)) return true;
  return url && typeof value === 'string' && hasUrlCredentials(value);
}

export function hasUrlCredentials(value: string): boolean {
  return /[a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/?#@]*:[^\s/?#]+@/i.test(value) || /[a-z][a-z0-9+.-]{0,30}:\/\/[A-Za-z0-9_-]{20,}@/i.test(value);
}

// ---- text rules ---------------------------------------------------------------------------------------

export interface TextRule {
  rule: RedactionRule;
  pattern: RegExp;
  /** The replacement for a match, or `null` to leave it. */
  replace: (m: RegExpExecArray | RegExpMatchArray, text: string) => string | null;
}

const whole = (rule: RedactionRule): TextRule['replace'] => () => marker(rule);
/** Keeps group 1 (the key, scheme or prefix) and replaces group 2. */
const afterPrefix = (rule: RedactionRule): TextRule['replace'] => (m) => (m[2] ? `${m[1]}${marker(rule)}` : null);

const PASSWORD_KEY = /pass(?:word|wd|phrase)|^pwd$/i;
const SCHEMES = /^(Bearer|Basic|Token|Digest|Negotiate|NTLM|ApiKey|AWS4-HMAC-SHA256|Bot|SSWS|Key)\s+(\S.*)$/i;

/** Values that are a word of prose ("anonymous token: unexpected status"), not a credential. */
const PROSE_WORD = /^[a-z]{1,15}$/;

function keyValue(m: RegExpExecArray | RegExpMatchArray, text: string): string | null {
  const [, lead, key, quote, separator, open, dq, dqClose, sq, sqClose, bare] = m;
  if (classifyKey(key.replace(/^-+/, '')) === 'reference') return null;
  let value = dq ?? sq ?? bare ?? '';
  let tail = dqClose ?? sqClose ?? '';
  if (bare !== undefined) {
    // `{password=hunter2}`, `token=abc,`: closing punctuation is not part of the value.
    const trailing = /[,)}\]]+$/.exec(value);
    if (trailing && trailing.index > 0) {
      tail = trailing[0];
      value = value.slice(0, trailing.index);
    }
  }
  // `automountServiceAccountToken: true`: a flag, not a secret.
  if (!value || /^(?:true|false|null|none|nil|~)$/i.test(value)) return null;
  const index = m.index ?? 0;
  const lineStart = /(?:^|\n)[ \t]*(?:-[ \t]+)?$/.test(text.slice(0, index + lead.length));
  const structured = separator.includes('=') || quote !== '' || open !== '' || lineStart || !/\s$/.test(separator) || /[{,;]/.test(lead);
  if (!structured && !PASSWORD_KEY.test(key) && PROSE_WORD.test(value)) return null;
  return `${lead}${key}${quote}${separator}${open}${marker('key-value')}${tail}`;
}

// Authorization has its own rule, which keeps the scheme.
const KEY_WORDS = String.raw`(?:pass(?:word|wd|phrase)|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|(?:signing|encryption|master|session|ssh|hmac|license|shared)[_-]?key|credentials?|auth(?!or))`;
const KEY_CHARS = String.raw`[A-Za-z0-9_.-]`;

export const TEXT_RULES: readonly TextRule[] = [
  {
    rule: 'pem',
    pattern: /-----BEGIN ([A-Z0-9 ]{1,64})-----(?:[\s\S]*?-----END \1-----|[A-Za-z0-9+/=:,.\s\\-]*)/g,
    replace: whole('pem'),
  },
  {
    rule: 'pem',
    // The end of a block whose start was cut off (a log tail starting inside it): its base64 lines and END.
    pattern: /(^|\n)((?:[ \t]*[A-Za-z0-9+/=]{16,}[ \t]*\r?\n)+[ \t]*-----END [A-Z0-9 ]{1,64}-----)/g,
    replace: (m) => `${m[1]}${marker('pem')}`,
  },
  {
    rule: 'kubeconfig-text',
    pattern:
      /((?:^|[\s"'{,])(?:client-key-data|client-certificate-data|certificate-authority-data|idp-certificate-authority-data|client-key|id-token|refresh-token)["']?[ \t]*:[ \t]*["']?)([^\s"',}]+)/gm,
    replace: afterPrefix('kubeconfig-text'),
  },
  { rule: 'jwt', pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+){0,2}/g, replace: whole('jwt') },
  {
    rule: 'github-token',
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,})(?![A-Za-z0-9_])/g,
    replace: whole('github-token'),
  },
  { rule: 'gitlab-token', pattern: /(?<![A-Za-z0-9_-])gl(?:pat|rt|dt)-[A-Za-z0-9_-]{20,}/g, replace: whole('gitlab-token') },
  { rule: 'slack-token', pattern: /(?<![A-Za-z0-9_-])xox[abposr]-[A-Za-z0-9-]{10,}/g, replace: whole('slack-token') },
  {
    rule: 'slack-token',
    pattern: /(https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/)([A-Za-z0-9/_-]+)/g,
    replace: afterPrefix('slack-token'),
  },
  { rule: 'aws-access-key-id', pattern: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/g, replace: whole('aws-access-key-id') },
  {
    rule: 'aws-secret-access-key',
    pattern: /((?:aws_?)?secret_?access_?key["']?\s*[:=]\s*["']?)([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    replace: afterPrefix('aws-secret-access-key'),
  },
  { rule: 'google-api-key', pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g, replace: whole('google-api-key') },
  { rule: 'anthropic-key', pattern: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,}/g, replace: whole('anthropic-key') },
  {
    rule: 'openai-key',
    pattern: /(?<![A-Za-z0-9_-])sk-(?:proj-|svcacct-|admin-)?([A-Za-z0-9_-]{20,})/g,
    // Real keys mix cases and digits; `sk-` names of ordinary things do not.
    replace: (m) => (/[0-9]/.test(m[1]) && /[A-Z]/.test(m[1]) ? marker('openai-key') : null),
  },
  { rule: 'stripe-key', pattern: /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g, replace: whole('stripe-key') },
  { rule: 'azure-storage-key', pattern: /((?:AccountKey|SharedAccessKey)\s*=\s*)([A-Za-z0-9+/]{20,}={0,2})/gi, replace: afterPrefix('azure-storage-key') },
  {
    rule: 'url-credentials',
    // The password runs to the last @ before the path: an unencoded @ in it does not leak the rest.
    pattern: /(\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/?#@"'<>[\]]*:)([^\s/?#"'<>]+)(?=@)/gi,
    replace: afterPrefix('url-credentials'),
  },
  { rule: 'url-credentials', pattern: /(\b[a-z][a-z0-9+.-]{0,30}:\/\/)([A-Za-z0-9_-]{20,})(?=@)/gi, replace: afterPrefix('url-credentials') },
  {
    rule: 'authorization-header',
    pattern: /(\b(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?)([^\r\n"']+)/gi,
    replace: (m) => {
      const value = m[2].trim();
      const scheme = SCHEMES.exec(value);
      if (scheme) return `${m[1]}${scheme[1]} ${marker('authorization-header')}`;
      // A bare credential, not prose ("may require authorization: server message: …").
      return /^\S{8,}$/.test(value) && !SCHEMES.test(`${value} x`) ? `${m[1]}${marker('authorization-header')}` : null;
    },
  },
  { rule: 'cookie-header', pattern: /(\b(?:set-)?cookie["']?[ \t]*:[ \t]*["']?)([^\r\n"']*=[^\r\n"']*)/gi, replace: afterPrefix('cookie-header') },
  {
    rule: 'bearer-token',
    pattern: /(\bBearer\s+)([A-Za-z0-9\-._~+/]+=*)/gi,
    replace: (m) => (m[2].length >= 16 || (m[2].length >= 8 && /[0-9]/.test(m[2])) ? `${m[1]}${marker('bearer-token')}` : null),
  },
  {
    rule: 'connection-string',
    pattern: /((?:^|[;\s"'])[ \t]*(?:password|pwd|user password)[ \t]*=[ \t]*)("[^"\r\n]*"|'[^'\r\n]*'|[^;\r\n]*[^;\s])/gim,
    // Only inside a ;-separated string (Server=…;Password=…;): elsewhere key-value reads up to a space.
    replace: (m, text) => {
      const end = (m.index ?? 0) + m[0].length;
      return m[1].trimStart().startsWith(';') || /^[ \t]*;/.test(text.slice(end)) ? `${m[1]}${marker('connection-string')}` : null;
    },
  },
  {
    rule: 'key-value',
    pattern: new RegExp(
      String.raw`(^|[^A-Za-z0-9_.-])(${KEY_CHARS}*?${KEY_WORDS}${KEY_CHARS}*|sig|signature|x-amz-signature|x-amz-credential|pwd)(["']?)(\s*=\s*|:[ \t]*)(["']?)(?:(?<=")([^"\r\n]*)("?)|(?<=')([^'\r\n]*)('?)|(?<!["'])([^\s"'&;<>]+))`,
      'gi',
    ),
    replace: keyValue,
  },
  {
    rule: 'key-value',
    // Command-line flags: --password hunter2, --token abc (the = form is the rule above).
    pattern: new RegExp(String.raw`((?:^|\s)--${KEY_CHARS}*?${KEY_WORDS}${KEY_CHARS}*[ \t]+)("[^"\r\n]*"?|'[^'\r\n]*'?|[^\s"'-][^\s"']*)`, 'gi'),
    replace: (m) => (classifyKey(m[1].trim().replace(/^-+/, '')) === 'reference' ? null : `${m[1]}${marker('key-value')}`),
  },
];

/** Base64 (standard alphabet, possibly wrapped at line ends) of 40 characters or more. */
export const BASE64_BLOB = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40,}(?:\r?\n[A-Za-z0-9+/]{4,})*={0,2}(?![A-Za-z0-9+/=])/g;

/** Decoded base64 when it is text (valid UTF-8, almost all printable), else `null`. */
export function decodeBase64Text(blob: string): string | null {
  const compact = blob.replace(/\s+/g, '');
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length < 20) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  let printable = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c === 9 || c === 10 || c === 13 || (c >= 32 && c !== 127)) printable += 1;
  }
  return printable / text.length >= 0.95 ? text : null;
}

/** A kubeconfig, in YAML or JSON. */
export function looksLikeKubeconfig(text: string): boolean {
  return (
    /(?:^|\n)\s*kind:\s*Config\b|"kind"\s*:\s*"Config"/.test(text) ||
    (/(?:^|\n|")\s*(?:clusters|users|contexts)"?\s*:/.test(text) && /client-key-data|client-certificate-data|certificate-authority-data|token|password/.test(text))
  );
}
