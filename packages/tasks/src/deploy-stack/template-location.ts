/**
 * The template bucket deployStack deploys from, and the one URL it sends CloudFormation for a template
 * in it. The bucket comes from the installation (TEMPLATE_BUCKET_NAME and TEMPLATE_BUCKET_REGION, set by
 * the SAM template), never from the event: an event naming another bucket is refused before any AWS
 * call, and CloudFormation gets the bucket's canonical regional URL, the exact host the deploy role's
 * `cloudformation:TemplateUrl` condition allows.
 */
import { partitionOfRegion } from '../shared/aws-partitions.js';
import { InvalidInput } from '../shared/errors.js';
import { bucketNameProblem } from '../shared/s3-names.js';
import { parseS3Url, s3ObjectUrl } from '../shared/s3-url.js';

/** The installation's template bucket. */
export interface TemplateBucket {
  readonly name: string;
  readonly region: string;
}

/**
 * The template bucket from the environment, or undefined when it is not (fully) configured.
 * @throws when the configured values are not a bucket name and a known region
 */
export function templateBucketFromEnvironment(
  env: Readonly<Record<string, string | undefined>> = process.env,
): TemplateBucket | undefined {
  const name = env.TEMPLATE_BUCKET_NAME;
  const region = env.TEMPLATE_BUCKET_REGION;
  if (!name || !region) return undefined;
  const problem =
    bucketNameProblem(name) ?? (partitionOfRegion(region) ? undefined : `${region} is not a known region`);
  if (problem) throw new Error(`deployStack's template bucket configuration is invalid: ${problem}`);
  return { name, region };
}

const refuse = (path: string, message: string) =>
  new InvalidInput(`deployStack received an invalid event: ${path}: ${message}`, [{ path, message }]);

/**
 * The URL to send CloudFormation for `templateUrl` deployed to a target in `targetRegion`: the canonical
 * regional URL of the same object in the template bucket.
 * @throws InvalidInput (no AWS call made) when the URL is no S3 object URL, names another bucket or
 * partition, or no template bucket is configured
 */
export function templateUrlToSend(
  templateUrl: string,
  bucket: TemplateBucket | undefined,
  targetRegion: string,
): string {
  const path = '/stack/templateUrl';
  if (!bucket) {
    throw refuse(
      path,
      'deployStack has no template bucket configured (TEMPLATE_BUCKET_NAME and TEMPLATE_BUCKET_REGION): it deploys no template',
    );
  }
  const parsed = parseS3Url(templateUrl);
  if (!parsed.ok) throw refuse(path, parsed.problem);
  if (parsed.value.bucket !== bucket.name) {
    throw refuse(
      path,
      `the template is in bucket ${parsed.value.bucket}; deployStack deploys only from the template bucket ${bucket.name}`,
    );
  }
  const partition = partitionOfRegion(bucket.region);
  if (parsed.value.partition.id !== partition?.id) {
    throw refuse(
      path,
      `the URL is in partition ${parsed.value.partition.id}, the template bucket in ${partition?.id}`,
    );
  }
  const targetPartition = partitionOfRegion(targetRegion)?.id;
  if (targetPartition !== partition?.id) {
    throw refuse(
      '/target/region',
      `${targetRegion} is in partition ${targetPartition}, the template bucket in ${partition?.id}: CloudFormation cannot read across partitions`,
    );
  }
  return s3ObjectUrl(parsed.value, bucket.region);
}
