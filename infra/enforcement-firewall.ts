/**
 * The architectural firewall between enforcement and protected data. With no
 * legal firewall (domain.md §1), the stack itself must make it impossible for
 * anything working for enforcement to open the protected-immigration class
 * or read reports. This aspect fails synthesis when it finds such a path.
 */
import { type CfnElement, type IAspect, Stack, TagManager } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { PURPOSE_TAG } from './purpose';

/** Actions that open data under a key. */
const DECRYPT_ACTIONS = ['kms:Decrypt', 'kms:ReEncryptFrom', 'kms:CreateGrant'];

/** Actions that read items, index entries or the stream of a table. */
const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PartiQLSelect',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ExportTableToPointInTime',
  'dynamodb:RestoreTableToPointInTime',
];

/** AWS managed policies an enforcement role may carry: they reach logs and networking, never data. */
const HARMLESS_MANAGED_POLICIES = [
  'service-role/AWSLambdaBasicExecutionRole',
  'service-role/AWSLambdaVPCAccessExecutionRole',
];

export interface EnforcementFirewallProps {
  /** The key sealing the protected-immigration class. */
  safeguardingKey: kms.IKey;
  /** The report table. */
  reportTable: IConstruct;
}

/** Raised at synth when an enforcement principal could reach protected data; lists every such path. */
export class EnforcementFirewallError extends Error {
  constructor(readonly violations: string[]) {
    super(`enforcement firewall: ${violations.length} forbidden path(s)\n${violations.map((v) => `  - ${v}`).join('\n')}`);
    this.name = 'EnforcementFirewallError';
  }
}

interface Principal {
  /** What the error names: `function <path>` or `role <path>`. */
  label: string;
  roleLogicalId: string;
}

interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
  Principal?: unknown;
}

/**
 * Fails synthesis when any function or role tagged `purpose=enforcement`
 * can decrypt with the safeguarding key (IAM policies, inline or managed, or
 * the key policy) or read the report table. Apply it to the force stack with
 * read-only priority so it sees the final tags and policies.
 *
 * @example
 * Aspects.of(stack).add(new EnforcementFirewall({ safeguardingKey, reportTable }), { priority: AspectPriority.READONLY });
 */
export class EnforcementFirewall implements IAspect {
  constructor(private readonly props: EnforcementFirewallProps) {}

  /**
   * Checks each function and role as it is visited: aspects run per node in
   * priority order, so the node's own `purpose` tag is applied by then, and
   * construction (hence every policy) is complete.
   */
  visit(node: IConstruct): void {
    const principal = enforcementPrincipal(node);
    if (!principal) return;
    const stack = Stack.of(node);
    if (stack !== Stack.of(this.props.safeguardingKey)) return;
    const violations = this.check(stack, principal);
    if (violations.length > 0) throw new EnforcementFirewallError(violations);
  }

  private check(stack: Stack, principal: Principal): string[] {
    const keyDefault = this.props.safeguardingKey.node.defaultChild as CfnElement;
    const tableDefault = (this.props.reportTable.node.defaultChild ?? this.props.reportTable) as CfnElement;
    const keyId = stack.getLogicalId(keyDefault);
    const tableId = stack.getLogicalId(tableDefault);
    const keyName = `safeguarding key ${this.props.safeguardingKey.node.path}`;
    const tableName = `report table ${this.props.reportTable.node.path}`;

    const violations: string[] = [];
    for (const { source, statement } of statementsOf(stack, principal.roleLogicalId)) {
      if (allows(statement, DECRYPT_ACTIONS) && coversResource(statement.Resource, keyId)) {
        violations.push(`${principal.label} (purpose enforcement) can decrypt with the ${keyName} through ${source}`);
      }
      if (allows(statement, TABLE_READ_ACTIONS) && coversResource(statement.Resource, tableId)) {
        violations.push(`${principal.label} (purpose enforcement) can read the ${tableName} through ${source}`);
      }
    }
    for (const statement of keyPolicyStatements(stack, this.props.safeguardingKey)) {
      if (allows(statement, DECRYPT_ACTIONS) && JSON.stringify(statement.Principal ?? '').includes(`"${principal.roleLogicalId}"`)) {
        violations.push(`${principal.label} (purpose enforcement) is granted decrypt by the key policy of the ${keyName}`);
      }
    }
    for (const arn of managedPolicyArns(stack, principal.roleLogicalId)) {
      if (!HARMLESS_MANAGED_POLICIES.some((name) => arn.endsWith(`:policy/${name}`))) {
        violations.push(`${principal.label} (purpose enforcement) carries managed policy ${arn}, which may reach the ${keyName} or the ${tableName}`);
      }
    }
    return [...new Set(violations)];
  }
}

/** The principal a node stands for when it is a function or role tagged `purpose=enforcement`. */
function enforcementPrincipal(node: IConstruct): Principal | undefined {
  if (purposeOf(node) !== 'enforcement') return undefined;
  const stack = Stack.of(node);
  if (node instanceof lambda.CfnFunction) {
    const roleId = referencedLogicalId(stack.resolve(node.role));
    return roleId ? { label: `function ${(node.node.scope ?? node).node.path}`, roleLogicalId: roleId } : undefined;
  }
  if (node instanceof iam.CfnRole) {
    const roleId = stack.getLogicalId(node);
    const fn = functionUsingRole(stack, roleId);
    const label = fn ? `function ${(fn.node.scope ?? fn).node.path}` : `role ${(node.node.scope ?? node).node.path}`;
    return { label, roleLogicalId: roleId };
  }
  return undefined;
}

function functionUsingRole(stack: Stack, roleId: string): lambda.CfnFunction | undefined {
  return stack.node
    .findAll()
    .find((c): c is lambda.CfnFunction => c instanceof lambda.CfnFunction && referencedLogicalId(stack.resolve(c.role)) === roleId);
}

function purposeOf(construct: IConstruct): string | undefined {
  return TagManager.of(construct)?.tagValues()[PURPOSE_TAG];
}

/** The logical id in `{ Ref: id }` or `{ 'Fn::GetAtt': [id, attr] }`. */
function referencedLogicalId(value: unknown): string | undefined {
  if (value && typeof value === 'object') {
    const ref = (value as { Ref?: unknown }).Ref;
    if (typeof ref === 'string') return ref;
    const getAtt = (value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  }
  return undefined;
}

/** Every IAM statement that applies to a role: inline, attached customer policies and managed policies in the stack. */
function* statementsOf(stack: Stack, roleId: string): Generator<{ source: string; statement: Statement }> {
  for (const construct of stack.node.findAll()) {
    if (construct instanceof iam.CfnRole && stack.getLogicalId(construct) === roleId) {
      const inline = (stack.resolve(construct.policies) ?? []) as { policyName?: string; PolicyName?: string; policyDocument?: unknown; PolicyDocument?: unknown }[];
      for (const policy of inline) {
        yield* statementsIn(policy.policyDocument ?? policy.PolicyDocument, `inline policy of ${construct.node.path}`);
      }
    }
    if (construct instanceof iam.CfnPolicy || construct instanceof iam.CfnManagedPolicy) {
      const roles = (stack.resolve(construct.roles) ?? []) as unknown[];
      if (roles.some((role) => referencedLogicalId(role) === roleId)) {
        yield* statementsIn(stack.resolve(construct.policyDocument), `policy ${construct.node.path}`);
      }
    }
  }
}

function* statementsIn(document: unknown, source: string): Generator<{ source: string; statement: Statement }> {
  const statements = (document as { Statement?: Statement[] } | undefined)?.Statement ?? [];
  for (const statement of statements) yield { source, statement };
}

function keyPolicyStatements(stack: Stack, key: kms.IKey): Statement[] {
  const cfnKey = key.node.defaultChild as kms.CfnKey | undefined;
  if (!cfnKey) return [];
  return ((stack.resolve(cfnKey.keyPolicy) as { Statement?: Statement[] } | undefined)?.Statement ?? []);
}

function managedPolicyArns(stack: Stack, roleId: string): string[] {
  const role = stack.node.findAll().find((c): c is iam.CfnRole => c instanceof iam.CfnRole && stack.getLogicalId(c) === roleId);
  const arns = (role ? stack.resolve(role.managedPolicyArns) ?? [] : []) as unknown[];
  // Customer managed policies of this stack are already read through CfnManagedPolicy.roles.
  return arns.map((arn) => (typeof arn === 'string' ? arn : JSON.stringify(arn))).filter((arn) => arn.includes(':iam::aws:policy/') || arn.includes('iam::aws:policy/'));
}

/** Whether an Allow statement permits any of the actions (wildcards and NotAction honoured). */
function allows(statement: Statement, actions: readonly string[]): boolean {
  if (statement.Effect !== 'Allow') return false;
  if (statement.Action !== undefined) {
    const patterns = toArray(statement.Action);
    return actions.some((action) => patterns.some((pattern) => matches(pattern, action)));
  }
  if (statement.NotAction !== undefined) {
    const excluded = toArray(statement.NotAction);
    return actions.some((action) => !excluded.some((pattern) => matches(pattern, action)));
  }
  return false;
}

/** Whether a statement's resources include the resource with this logical id, or everything. */
function coversResource(resource: unknown, logicalId: string): boolean {
  return toArray(resource).some((entry) => entry === '*' || JSON.stringify(entry).includes(`"${logicalId}"`));
}

function matches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*').replace(/\?/g, '.')}$`, 'i');
  return regex.test(action);
}

function escapeRegex(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

function toArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
