/**
 * The quick start's main job: compiles every example machine in `machines/` to ASL JSON in
 * `out/examples/`, checks each with the validator, embeds one in a CloudFormation template, and
 * says where it wrote them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  isValidResult,
  type StateMachineDefinition,
  serializeDefinition,
  toCloudFormationResource,
  validate,
} from '@stackset-lite/asl-dsl';
import deployAccounts from './machines/deploy-accounts.js';
import inventoryDistributedMap from './machines/inventory-distributed-map.js';
import pollStackDeployment from './machines/poll-stack-deployment.js';
import waitForStack from './machines/wait-for-stack.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'out', 'examples');

/** Each example's output name and its machine. */
const examples: readonly { name: string; machine: { toModel(): StateMachineDefinition } }[] = [
  { name: 'deploy-accounts', machine: deployAccounts },
  { name: 'wait-for-stack', machine: waitForStack },
  { name: 'inventory-distributed-map', machine: inventoryDistributedMap },
  { name: 'poll-stack-deployment', machine: pollStackDeployment },
];

function write(file: string, text: string): string {
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
  return relative(root, file);
}

mkdirSync(outDir, { recursive: true });
let invalid = 0;
for (const { name, machine } of examples) {
  const model = machine.toModel();
  const diagnostics = validate(model);
  for (const d of diagnostics) console.log(`  ${d.severity} ${d.code} ${name}${d.location}: ${d.message}`);
  if (!isValidResult(diagnostics)) invalid += 1;
  const states = Object.keys(model.States).length;
  const file = write(join(outDir, `${name}.asl.json`), serializeDefinition(model));
  console.log(
    `wrote ${file} (${states} top-level states${isValidResult(diagnostics) ? ', valid' : ', INVALID'})`,
  );
}

// The first example embedded in a CloudFormation template: its `${DeployFunctionArn}` placeholder
// is filled from the template's own Lambda function.
const template = {
  AWSTemplateFormatVersion: '2010-09-09',
  Description: 'deploy-accounts example state machine',
  Parameters: {
    DeployFunctionArn: { Type: 'String', Description: 'ARN of the Lambda function that deploys one stack' },
    MachineRoleArn: { Type: 'String', Description: 'IAM role Step Functions assumes' },
  },
  Resources: {
    DeployAccounts: toCloudFormationResource(deployAccounts, {
      roleArn: { Ref: 'MachineRoleArn' },
      definitionSubstitutions: { DeployFunctionArn: { Ref: 'DeployFunctionArn' } },
      tracing: true,
    }),
  },
};
console.log(
  `wrote ${write(join(outDir, 'deploy-accounts.template.json'), JSON.stringify(template, null, 2))}`,
);

if (invalid > 0) {
  console.error(`${invalid} example machine(s) are invalid`);
  process.exitCode = 1;
} else {
  console.log(`compiled ${examples.length} example machines to ${relative(root, outDir)}`);
}
