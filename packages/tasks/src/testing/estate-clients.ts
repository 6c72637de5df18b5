import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsClients, ClientScope } from '../shared/aws-clients.js';

/** The part of an SDK client's resolved config the simulated estate reads to know who is calling. */
interface CallerConfig {
  region: () => Promise<string>;
  credentials: () => Promise<unknown>;
}

/**
 * `AwsClients` for large simulations: instead of building a real SDK client per account (≈0.2 ms and tens
 * of KB each, which adds up to gigabytes at 20,000 concurrent targets), each call gets a tiny object whose
 * prototype is one real client per service and region, with its own region and credentials. `send` is
 * still the real client class's method — mocked by the installed estate — and the commands are the real
 * SDK commands, so handlers run unchanged. Only valid while a SimulatedEstate is installed.
 */
export function createEstateClients(): AwsClients {
  const bases = new Map<string, object>();
  function scoped<C extends object>(ctor: new (config: { region: string }) => C, service: string) {
    return (scope: ClientScope): C => {
      const key = `${service}|${scope.region}`;
      let base = bases.get(key) as C | undefined;
      if (!base) {
        base = new ctor({ region: scope.region });
        bases.set(key, base);
      }
      const { credentials } = scope;
      // defineProperty, not assignment: `credentials` is an accessor on the resolved config, and assigning
      // through the prototype would call its setter and change the shared base client.
      const config: CallerConfig = Object.create((base as unknown as { config: object }).config, {
        region: { value: async () => scope.region },
        credentials: {
          value: async () => (typeof credentials === 'function' ? credentials() : credentials),
        },
      });
      const client = Object.create(base) as C;
      Object.defineProperty(client, 'config', { value: config });
      return client;
    };
  }
  return {
    sts: scoped(STSClient, 'sts'),
    organizations: scoped(OrganizationsClient, 'organizations'),
    cloudFormation: scoped(CloudFormationClient, 'cloudformation'),
    s3: scoped(S3Client, 's3'),
    sns: scoped(SNSClient, 'sns'),
  };
}
