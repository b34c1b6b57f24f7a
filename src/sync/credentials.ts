/**
 * Provider credentials for `meeting-diet sync`: from environment variables, or from a credentials
 * file (JSON or YAML with the same names) whose values the environment overrides. Never from flags.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { GoogleConnectorOptions, GoogleCredentials } from '../connectors/google/index.js';
import type { OutlookConnectorOptions, OutlookCredentials } from '../connectors/outlook/index.js';
import { InputError } from '../model/errors.js';

export const ENV = {
  googleServiceAccountFile: 'MEETING_DIET_GOOGLE_SERVICE_ACCOUNT_FILE',
  googleServiceAccountJson: 'MEETING_DIET_GOOGLE_SERVICE_ACCOUNT_JSON',
  googleClientId: 'MEETING_DIET_GOOGLE_CLIENT_ID',
  googleClientSecret: 'MEETING_DIET_GOOGLE_CLIENT_SECRET',
  googleRootUrl: 'MEETING_DIET_GOOGLE_ROOT_URL',
  googleTokenUrl: 'MEETING_DIET_GOOGLE_TOKEN_URL',
  graphTenantId: 'MEETING_DIET_GRAPH_TENANT_ID',
  graphClientId: 'MEETING_DIET_GRAPH_CLIENT_ID',
  graphClientSecret: 'MEETING_DIET_GRAPH_CLIENT_SECRET',
  graphCertificateFile: 'MEETING_DIET_GRAPH_CERTIFICATE_FILE',
  graphBaseUrl: 'MEETING_DIET_GRAPH_BASE_URL',
  graphAuthorityHost: 'MEETING_DIET_GRAPH_AUTHORITY_HOST',
} as const;

export type Settings = Partial<Record<(typeof ENV)[keyof typeof ENV], string>>;

/** The environment over the file's values. */
export function loadSettings(env: NodeJS.ProcessEnv, file?: string): Settings {
  const fromFile: Settings = {};
  if (file) {
    let parsed: unknown;
    try {
      parsed = parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new InputError(`cannot read credentials file: ${(error as Error).message}`, file);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new InputError('a credentials file maps names (MEETING_DIET_...) to values', file);
    }
    const known = new Set<string>(Object.values(ENV));
    for (const [name, value] of Object.entries(parsed)) {
      if (!known.has(name)) throw new InputError(`unknown setting "${name}" (known: ${[...known].join(', ')})`, file);
      if (typeof value !== 'string') throw new InputError(`${name} must be a string`, file);
      fromFile[name as keyof Settings] = value;
    }
  }
  const fromEnv: Settings = {};
  for (const name of Object.values(ENV)) if (env[name]) fromEnv[name] = env[name];
  return { ...fromFile, ...fromEnv };
}

/**
 * Google: a service account with domain-wide delegation (the org audit), else one person's OAuth
 * consent, whose refresh token `connect google` stored encrypted (`refreshToken` reads it).
 */
export async function googleOptions(settings: Settings, refreshToken: () => Promise<string | null>): Promise<GoogleConnectorOptions> {
  let credentials: GoogleCredentials;
  const keyText = settings[ENV.googleServiceAccountJson] ?? readKeyFile(settings[ENV.googleServiceAccountFile]);
  if (keyText) {
    credentials = parseServiceAccountKey(keyText);
  } else if (settings[ENV.googleClientId] && settings[ENV.googleClientSecret]) {
    const token = await refreshToken();
    if (!token) throw new InputError('no stored Google consent: run `meeting-diet connect google --email <you>` first');
    credentials = { clientId: settings[ENV.googleClientId]!, clientSecret: settings[ENV.googleClientSecret]!, refreshToken: token };
  } else {
    throw new InputError(
      `no Google credentials: set ${ENV.googleServiceAccountFile} (a service account key with domain-wide delegation), ` +
        `or ${ENV.googleClientId} and ${ENV.googleClientSecret} and run \`meeting-diet connect google\``,
    );
  }
  return { credentials, rootUrl: settings[ENV.googleRootUrl], tokenUrl: settings[ENV.googleTokenUrl] };
}

export function outlookOptions(settings: Settings, deviceCode: boolean, prompt: (message: string) => void): OutlookConnectorOptions {
  const tenantId = settings[ENV.graphTenantId];
  const clientId = settings[ENV.graphClientId];
  if (!tenantId || !clientId) throw new InputError(`no Microsoft Graph app: set ${ENV.graphTenantId} and ${ENV.graphClientId}`);
  let credentials: OutlookCredentials;
  if (deviceCode) {
    credentials = { kind: 'device-code', tenantId, clientId, prompt: (info) => prompt(info.message) };
  } else if (settings[ENV.graphClientSecret]) {
    credentials = { kind: 'client-secret', tenantId, clientId, clientSecret: settings[ENV.graphClientSecret]! };
  } else if (settings[ENV.graphCertificateFile]) {
    credentials = { kind: 'client-certificate', tenantId, clientId, certificatePath: settings[ENV.graphCertificateFile] };
  } else {
    throw new InputError(`no Microsoft Graph secret: set ${ENV.graphClientSecret} or ${ENV.graphCertificateFile}, or use --device-code for one person`);
  }
  return { credentials, baseUrl: settings[ENV.graphBaseUrl], authorityHost: settings[ENV.graphAuthorityHost] };
}

function readKeyFile(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the service account key: ${(error as Error).message}`, path);
  }
}

function parseServiceAccountKey(text: string): GoogleCredentials {
  let key: unknown;
  try {
    key = JSON.parse(text);
  } catch {
    throw new InputError('the Google service account key is not JSON');
  }
  const k = key as { client_email?: unknown; private_key?: unknown; private_key_id?: unknown };
  if (typeof k.client_email !== 'string' || typeof k.private_key !== 'string') {
    throw new InputError('the Google service account key needs client_email and private_key');
  }
  return { client_email: k.client_email, private_key: k.private_key, ...(typeof k.private_key_id === 'string' ? { private_key_id: k.private_key_id } : {}) };
}
