import { CloudFormationClient, type CloudFormationClientConfig } from '@aws-sdk/client-cloudformation';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';

/** Static credentials or a provider, as every SDK v3 client accepts them. */
export type AwsCredentials = NonNullable<CloudFormationClientConfig['credentials']>;

/** Where and as whom a client calls AWS. `credentials` absent = the Lambda's own role. */
export interface ClientScope {
  region: string;
  credentials?: AwsCredentials;
}

/**
 * The AWS clients a handler uses. The default wiring builds real SDK v3 clients with adaptive retries;
 * tests and the simulated estate keep that wiring and mock the client classes with aws-sdk-client-mock.
 */
export interface AwsClients {
  sts(scope: ClientScope): STSClient;
  organizations(scope: ClientScope): OrganizationsClient;
  cloudFormation(scope: ClientScope): CloudFormationClient;
  s3(scope: ClientScope): S3Client;
  sns(scope: ClientScope): SNSClient;
}

/** Options for {@link createAwsClients}. */
export interface AwsClientsOptions {
  /** Attempts per call, the first included, before a throttling error surfaces as `Throttled`. @default 5 */
  maxAttempts?: number;
  /** Clients kept per service for reuse across warm invocations. @default 64 */
  cacheSize?: number;
}

type ClientConstructor<C> = new (config: {
  region: string;
  credentials?: AwsCredentials;
  maxAttempts: number;
  retryMode: string;
  defaultsMode: 'standard';
}) => C;

/**
 * Real SDK clients with `retryMode: 'adaptive'` (client-side rate limiting on top of backoff, which is what
 * a fan-out over thousands of accounts needs). Clients are cached per region and credentials object, in a
 * small LRU, so warm Lambdas and the poll loop do not rebuild them on every call.
 */
export function createAwsClients(options: AwsClientsOptions = {}): AwsClients {
  const maxAttempts = options.maxAttempts ?? 5;
  const cacheSize = options.cacheSize ?? 64;
  const credentialIds = new WeakMap<object, number>();
  let nextCredentialId = 1;

  function cached<C>(ctor: ClientConstructor<C>) {
    const cache = new Map<string, C>();
    return (scope: ClientScope): C => {
      let credentialKey = 0;
      if (scope.credentials) {
        const credentialObject = scope.credentials as object;
        credentialKey = credentialIds.get(credentialObject) ?? nextCredentialId++;
        credentialIds.set(credentialObject, credentialKey);
      }
      const key = `${scope.region}|${credentialKey}`;
      const hit = cache.get(key);
      if (hit) {
        // Refresh LRU order.
        cache.delete(key);
        cache.set(key, hit);
        return hit;
      }
      const client = new ctor({
        region: scope.region,
        ...(scope.credentials ? { credentials: scope.credentials } : {}),
        maxAttempts,
        retryMode: 'adaptive',
        // AWS's recommended timeouts; also, being explicit spares each new client a lookup in
        // ~/.aws/config, which matters when thousands of per-account clients are built.
        defaultsMode: 'standard',
      });
      cache.set(key, client);
      if (cache.size > cacheSize) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return client;
    };
  }

  return {
    sts: cached(STSClient),
    organizations: cached(OrganizationsClient),
    cloudFormation: cached(CloudFormationClient),
    s3: cached(S3Client),
    sns: cached(SNSClient),
  };
}
