import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface ForceAlarmsProps {
  /** Who is told: the force's platform team. */
  email: string;
  /** Encrypts the topic; its policy lets CloudWatch publish. */
  encryptionKey: kms.IKey;
}

/**
 * The force's alarm topic (encrypted, TLS only) with an e-mail subscription,
 * and the error and throttle alarms of each function. Alarms carry metric
 * names and counts only, never request data.
 *
 * @example
 * const alarms = new ForceAlarms(stack, 'Alarms', { email: 'ops@example.org', encryptionKey: keys.operationsKey });
 * alarms.watchFunction('submit-report', fn);
 */
export class ForceAlarms extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: ForceAlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'safe-pathway alarms',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }

  /** Alarms on any error and any throttle of a function within five minutes. */
  watchFunction(name: string, fn: lambda.IFunction): cloudwatch.Alarm[] {
    const options = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
    return [
      this.alarmOnAny(fn.metricErrors(options), `${name}-errors`, `${name}: function errors`),
      this.alarmOnAny(fn.metricThrottles(options), `${name}-throttles`, `${name}: function throttles`),
    ];
  }

  /** Alarms as soon as a failure queue (an on-failure destination) holds a message: something was not delivered. */
  watchQueue(name: string, queue: sqs.IQueue): cloudwatch.Alarm {
    const visible = queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM });
    return this.alarmOnAny(visible, `${name}-messages`, `${name}: records that failed every retry`);
  }

  /** An alarm telling the topic when `metric` is 1 or more in one period (no data is not a breach). */
  private alarmOnAny(metric: cloudwatch.Metric, id: string, description: string): cloudwatch.Alarm {
    const alarm = metric.createAlarm(this, id, {
      alarmDescription: description,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    return alarm;
  }
}
