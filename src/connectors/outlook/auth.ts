import {
  AuthenticationError,
  ClientCertificateCredential,
  ClientSecretCredential,
  DeviceCodeCredential,
  type AuthenticationRecord,
  type DeviceCodeInfo,
  type TokenCredential,
} from '@azure/identity';
import { GraphClientError, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { ConnectorError } from '../../model/errors.js';

/**
 * How the connector signs in. App-only (client secret or certificate) reads every roster member's
 * mailbox and needs the Calendars.Read and MailboxSettings.Read application permissions with admin
 * consent; device code signs one person in with the same delegated permissions.
 */
export type OutlookCredentials =
  | { kind: 'client-secret'; tenantId: string; clientId: string; clientSecret: string }
  /** PEM text holding the private key and the certificate, or a path to such a file. */
  | { kind: 'client-certificate'; tenantId: string; clientId: string; certificatePem?: string; certificatePath?: string }
  | { kind: 'device-code'; tenantId: string; clientId: string; prompt?: (info: DeviceCodeInfo) => void; authenticationRecord?: AuthenticationRecord }
  /** Any @azure/identity credential (managed identity, workload identity, ...), with its scopes. */
  | { kind: 'token-credential'; credential: TokenCredential; scopes: string[] };

export interface CredentialSettings {
  /** Entra authority, e.g. https://login.microsoftonline.us; tests point it at a fake. */
  authorityHost?: string;
  /** The Graph resource the token is for (its national cloud), default https://graph.microsoft.com. */
  graphResource?: string;
}

export const DEFAULT_GRAPH_RESOURCE = 'https://graph.microsoft.com';

/** The credential and the scopes to ask it for. */
export function createCredential(credentials: OutlookCredentials, settings: CredentialSettings = {}): { credential: TokenCredential; scopes: string[] } {
  const resource = (settings.graphResource ?? DEFAULT_GRAPH_RESOURCE).replace(/\/+$/, '');
  // A custom authority is not in Microsoft's instance metadata; discovery would reject it.
  const common = settings.authorityHost ? { authorityHost: settings.authorityHost, disableInstanceDiscovery: true } : {};
  const appOnly = [`${resource}/.default`];
  switch (credentials.kind) {
    case 'client-secret':
      return { credential: new ClientSecretCredential(credentials.tenantId, credentials.clientId, credentials.clientSecret, common), scopes: appOnly };
    case 'client-certificate': {
      const { tenantId, clientId, certificatePem, certificatePath } = credentials;
      if (certificatePem) return { credential: new ClientCertificateCredential(tenantId, clientId, { certificate: certificatePem }, common), scopes: appOnly };
      if (certificatePath) return { credential: new ClientCertificateCredential(tenantId, clientId, { certificatePath }, common), scopes: appOnly };
      throw new ConnectorError('outlook', 'auth', 'a client certificate needs certificatePem or certificatePath');
    }
    case 'device-code':
      return {
        credential: new DeviceCodeCredential({
          ...common,
          tenantId: credentials.tenantId,
          clientId: credentials.clientId,
          userPromptCallback: credentials.prompt,
          authenticationRecord: credentials.authenticationRecord,
        }),
        scopes: [`${resource}/Calendars.Read`, `${resource}/MailboxSettings.Read`],
      };
    case 'token-credential':
      return { credential: credentials.credential, scopes: credentials.scopes };
  }
}

const NETWORK = /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|socket hang up|fetch failed|network/i;

/** A credential failure as a ConnectorError: unreachable authority -> network, anything else -> auth. */
export function credentialError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const rejected = error instanceof AuthenticationError && error.statusCode >= 400 && error.statusCode < 500;
  const kind = !rejected && NETWORK.test(message) ? 'network' : 'auth';
  const first = message.split('\n')[0];
  return new ConnectorError('outlook', kind, `Microsoft Entra sign-in failed: ${first}`, null, { cause: error });
}

/**
 * The Graph client's AuthenticationProvider over a TokenCredential. The credential caches the
 * token and fetches a new one shortly before it expires. Its failures leave as ConnectorErrors
 * (inside a GraphClientError, the one error type GraphRequest does not re-wrap).
 */
export function createAuthProvider(credential: TokenCredential, scopes: string[]): AuthenticationProvider {
  return {
    async getAccessToken(): Promise<string> {
      try {
        const token = await credential.getToken(scopes);
        if (!token) throw new Error('the credential returned no access token');
        return token.token;
      } catch (error) {
        const wrapped = new GraphClientError(error instanceof Error ? error.message : String(error));
        wrapped.customError = credentialError(error);
        throw wrapped;
      }
    },
  };
}

/**
 * Device-code sign-in for one person: shows the code through `prompt` and resolves when the person
 * has signed in. The AuthenticationRecord (no secrets) lets a later credential find the account.
 */
export async function signInWithDeviceCode(
  credentials: Extract<OutlookCredentials, { kind: 'device-code' }>,
  settings: CredentialSettings = {},
): Promise<AuthenticationRecord | undefined> {
  const { credential, scopes } = createCredential(credentials, settings);
  try {
    return await (credential as DeviceCodeCredential).authenticate(scopes);
  } catch (error) {
    throw credentialError(error);
  }
}
