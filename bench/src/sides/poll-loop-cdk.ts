/**
 * The poll-loop machine of examples/machines/poll-stack-deployment.ts written with AWS CDK's Step
 * Functions module, as a CDK user would: the same states, fields, retries and catches (`pnpm -s
 * bench:length` checks that both give the same ASL, then compares their lengths).
 */
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

export interface PollStackDeploymentProps extends StackProps {
  readonly deployFunctionArn: string;
  readonly pollFunctionArn: string;
  readonly topicArn: string;
}

export class PollStackDeploymentStack extends Stack {
  readonly machine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: PollStackDeploymentProps) {
    super(scope, id, props);
    const topic = sns.Topic.fromTopicArn(this, 'Topic', props.topicArn);

    const notifySuccess = new tasks.SnsPublish(this, 'Notify success', {
      topic,
      subject: 'Stack deployed',
      message: sfn.TaskInput.fromText(
        sfn.JsonPath.format(
          'Stack {} deployed ({})',
          sfn.JsonPath.stringAt('$.stackName'),
          sfn.JsonPath.stringAt('$.deployment.operation'),
        ),
      ),
      resultPath: sfn.JsonPath.DISCARD,
    });
    notifySuccess.next(new sfn.Succeed(this, 'Deployed'));

    const notifyFailure = new tasks.SnsPublish(this, 'Notify failure', {
      topic,
      subject: 'Stack deployment failed',
      message: sfn.TaskInput.fromText(
        sfn.JsonPath.format(
          'Stack {} failed: {}: {}',
          sfn.JsonPath.stringAt('$.stackName'),
          sfn.JsonPath.stringAt('$.error.Error'),
          sfn.JsonPath.stringAt('$.error.Cause'),
        ),
      ),
      resultPath: sfn.JsonPath.DISCARD,
    });
    notifyFailure.next(
      new sfn.Fail(this, 'Deployment failed', { error: 'DeploymentFailed', causePath: '$.error.Cause' }),
    );

    /** A Lambda function task: retried as AWS recommends (CDK's default) and on our Throttled, failures caught. */
    const lambdaTask = (id: string, functionArn: string, payload: sfn.TaskInput, resultPath: string) => {
      const task = new tasks.LambdaInvoke(this, id, {
        lambdaFunction: lambda.Function.fromFunctionArn(this, `${id} function`, functionArn),
        payload,
        payloadResponseOnly: true,
        resultPath,
      });
      task.addRetry({
        errors: ['Throttled'],
        interval: Duration.seconds(5),
        maxAttempts: 5,
        backoffRate: 2,
        jitterStrategy: sfn.JitterType.FULL,
      });
      task.addCatch(notifyFailure, { errors: ['States.ALL'], resultPath: '$.error' });
      return task;
    };

    const reset = new sfn.Pass(this, 'Reset poll count', { parameters: { count: 0 }, resultPath: '$.polls' });
    const deploy = lambdaTask(
      'Start deployment',
      props.deployFunctionArn,
      sfn.TaskInput.fromObject({
        stackName: sfn.JsonPath.stringAt('$.stackName'),
        templateUrl: sfn.JsonPath.stringAt('$.templateUrl'),
        parameters: sfn.JsonPath.objectAt('$.parameters'),
      }),
      '$.deployment',
    );
    const poll = lambdaTask(
      'Poll stack',
      props.pollFunctionArn,
      sfn.TaskInput.fromObject({ stackId: sfn.JsonPath.stringAt('$.deployment.stackId') }),
      '$.poll',
    );
    const firstWait = new sfn.Wait(this, 'Wait for stack', {
      time: sfn.WaitTime.secondsPath('$.deployment.waitSeconds'),
    });
    const nextWait = new sfn.Wait(this, 'Wait before next poll', {
      time: sfn.WaitTime.secondsPath('$.poll.nextPollSeconds'),
    });
    const describeFailure = new sfn.Pass(this, 'Describe failure', {
      parameters: { Error: 'StackFailed', Cause: sfn.JsonPath.stringAt('$.poll.statusReason') },
      resultPath: '$.error',
    });
    const describeTimeout = new sfn.Pass(this, 'Describe timeout', {
      parameters: {
        Error: 'StackTimedOut',
        Cause: sfn.JsonPath.format(
          'still in progress after {} polls',
          sfn.JsonPath.stringAt('$.polls.count'),
        ),
      },
      resultPath: '$.error',
    });
    const count = new sfn.Pass(this, 'Count poll', {
      parameters: { count: sfn.JsonPath.mathAdd(sfn.JsonPath.numberAt('$.polls.count'), 1) },
      resultPath: '$.polls',
    });

    const tooMany = new sfn.Choice(this, 'Too many polls?')
      .when(sfn.Condition.numberGreaterThanEqualsJsonPath('$.polls.count', '$.maxPolls'), describeTimeout)
      .otherwise(nextWait);
    const settled = new sfn.Choice(this, 'Stack settled?')
      .when(sfn.Condition.stringEquals('$.poll.status', 'COMPLETE'), notifySuccess)
      .when(sfn.Condition.stringEquals('$.poll.status', 'FAILED'), describeFailure)
      .otherwise(count);
    const changes = new sfn.Choice(this, 'Anything to do?')
      .when(sfn.Condition.stringEquals('$.deployment.operation', 'NONE'), notifySuccess)
      .otherwise(firstWait);
    reset.next(deploy).next(changes);
    firstWait.next(poll).next(settled);
    count.next(tooMany);
    nextWait.next(poll);
    describeFailure.next(notifyFailure);
    describeTimeout.next(notifyFailure);

    this.machine = new sfn.StateMachine(this, 'Machine', {
      comment: 'Deploy a stack and poll it until it settles',
      timeout: Duration.hours(2),
      definitionBody: sfn.DefinitionBody.fromChainable(reset),
    });
  }
}
