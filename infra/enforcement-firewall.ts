/**
 * The architectural firewall between enforcement and protected data. With no
 * legal firewall (domain.md §1), the stack itself must make it impossible for
 * anything working for enforcement to open the protected-immigration class
 * or read reports, directly or through anything it can invoke, assume, pass,
 * subscribe to or be fed by. Synthesis fails when the reachability graph of
 * the stack's template (infra/firewall-graph.ts) has such a path.
 */
import { CfnElement, CfnResource, Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { findForbiddenPaths, RESOURCE_KINDS, type ForbiddenPath, type Template } from './firewall-graph';
import { PURPOSE_TAG } from './purpose';

export interface EnforcementFirewallProps {
  /** The key sealing the protected-immigration class. */
  safeguardingKey: kms.IKey;
  /** The key sealing report bodies and the table. */
  reportKey: kms.IKey;
  /** The report table. */
  reportTable: IConstruct;
  /**
   * The declared hand-offs of a payload to an enforcement function (the
   * suspect check to the enforcement dispatcher), read at synth: receiving
   * that payload is governed by the code layers (docs/firewall.md §3), not
   * counted as reaching the invoker. Any other invoker of an enforcement
   * function is a path.
   */
  handOffs?: () => readonly { from: iam.IRole; to: lambda.IFunction }[];
  /**
   * The declared answer-only oracles (the suspect check's role → the
   * protected screen), read at synth: that one `lambda:InvokeFunction` is not
   * counted as reaching what the screen can open, because the screen answers
   * matching field paths only. Any other right on the screen, or any other
   * invoker, is a path.
   */
  oracles?: () => readonly { from: iam.IRole; to: lambda.IFunction }[];
}

/** Raised at synth when an enforcement principal could reach protected data; names every such path, hop by hop. */
export class EnforcementFirewallError extends Error {
  constructor(readonly violations: string[]) {
    super(`enforcement firewall: ${violations.length} forbidden path(s)\n${violations.map((v) => `  - ${v}`).join('\n')}`);
    this.name = 'EnforcementFirewallError';
  }
}

/**
 * Makes synthesis of the stack fail when any path leads from a function or
 * role tagged `purpose=enforcement` to the safeguarding key, the report key or
 * the report table, or from one tagged `purpose=investigation` to the
 * safeguarding key other than through a declared oracle. Runs as a construct validation, after every aspect (tags
 * included) and every grant, on the stack's resolved template.
 *
 * @example
 * addEnforcementFirewall(stack, { safeguardingKey, reportKey, reportTable: table });
 */
export function addEnforcementFirewall(stack: Stack, props: EnforcementFirewallProps): void {
  stack.node.addValidation({
    validate: () => {
      const paths = enforcementPaths(stack, props);
      if (paths.length > 0) throw new EnforcementFirewallError(paths.map((path) => path.description));
      return [];
    },
  });
}

/**
 * The forbidden paths of a stack, for the validation above and for tests.
 *
 * @example
 * expect(enforcementPaths(stack, props)).toEqual([]);
 */
export function enforcementPaths(stack: Stack, props: EnforcementFirewallProps): ForbiddenPath[] {
  const idOf = (construct: IConstruct) => stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
  const template = (stack as unknown as { _toCloudFormation(): Template })._toCloudFormation();
  const safeguardingKey = idOf(props.safeguardingKey);
  const reportTable = idOf(props.reportTable);
  return findForbiddenPaths({
    template,
    names: namesOf(stack),
    protectedResources: {
      [safeguardingKey]: `safeguarding key ${props.safeguardingKey.node.path}`,
      [idOf(props.reportKey)]: `report key ${props.reportKey.node.path}`,
      [reportTable]: `report table ${props.reportTable.node.path}`,
    },
    // The flow table: enforcement receives nothing of a report; investigation never the protected-immigration class.
    rules: [
      { purpose: 'enforcement', targets: 'all' },
      // Investigation reads and writes the (sealed) table; the consumers its stream triggers act for their own purpose, answering no one.
      { purpose: 'investigation', targets: [safeguardingKey], mayTrigger: [reportTable] },
    ],
    handOffs: (props.handOffs?.() ?? []).map(({ from, to }) => ({ fromRole: idOf(from), to: idOf(to) })),
    oracles: (props.oracles?.() ?? []).map(({ from, to }) => ({ fromRole: idOf(from), to: idOf(to) })),
    purposeTag: PURPOSE_TAG,
  });
}

/** What the error calls each resource: its kind and the path of the construct that made it. */
function namesOf(stack: Stack): Record<string, string> {
  const kinds = RESOURCE_KINDS;
  const names: Record<string, string> = {};
  for (const construct of stack.node.findAll()) {
    if (!(construct instanceof CfnResource) || Stack.of(construct) !== stack) continue;
    const owner = construct.node.id === 'Resource' && construct.node.scope ? construct.node.scope : construct;
    names[stack.getLogicalId(construct)] = `${kinds[construct.cfnResourceType] ?? construct.cfnResourceType} ${owner.node.path}`;
  }
  return names;
}
