/**
 * The reachability graph behind the enforcement firewall's synth-time check
 * (infra/enforcement-firewall.ts). A list of direct grants misses the paths
 * that matter: an enforcement function that may invoke the protected-section
 * function, or assume a role that can decrypt. So this module reads a
 * synthesised CloudFormation template, builds a graph whose edge A → B means
 * "A can obtain what B holds or make B act", and finds every path from an
 * enforcement-purpose principal to a protected resource, however many hops
 * (and, by the same graph, from an investigation-purpose principal to the
 * safeguarding key, except through a declared answer-only oracle).
 *
 * It is deliberately conservative: explicit Deny statements and conditions
 * are not credited (a Deny is the last line, not a licence for a grant), a
 * wildcard resource covers every resource of its service, and a channel
 * (queue, topic, event bus) connects every reader with every writer.
 */

/** One resource of a template, as CloudFormation sees it. */
export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

export interface Template {
  Resources?: Record<string, TemplateResource>;
}

export interface FirewallGraphInput {
  template: Template;
  /** Logical id → what the error calls it, e.g. `function Stack/Workers/EnforcementDispatcher`. */
  names?: Record<string, string>;
  /** Logical ids of what enforcement must never reach, with their names (`safeguarding key …`). */
  protectedResources: Record<string, string>;
  /**
   * Declared hand-offs: `to` (a function) is invoked with a payload by the
   * role `fromRole`. The payload is governed by the code layers of
   * docs/firewall.md §3, so receiving it is not reaching the invoker.
   */
  handOffs?: readonly { fromRole: string; to: string }[];
  /**
   * Declared answer-only oracles: the role `fromRole` may invoke the function
   * `to`, which answers without revealing what it can open (the protected
   * screen answers field paths only). That `lambda:InvokeFunction`, and only
   * that action, is not followed; any other control of `to` is.
   */
  oracles?: readonly { fromRole: string; to: string }[];
  /**
   * Which principals are starts, by purpose tag, and which protected resources
   * each must never reach (`all`: every one). Defaults to enforcement → all.
   * `mayTrigger`: resources whose consumers the purpose may set acting
   * without that counting as reaching them (the investigation writes to the
   * report table; the referral dispatcher its stream triggers acts for its
   * own purpose and answers no one). Every other edge from them is followed.
   */
  rules?: readonly { purpose: string; targets: readonly string[] | 'all'; mayTrigger?: readonly string[] }[];
  /** The tag that carries a principal's purpose; defaults to `purpose`. */
  purposeTag?: string;
}

/** One hop of a forbidden path. */
export interface Hop {
  from: string;
  to: string;
  /** Why the hop exists: the action and the policy or wiring that allows it. */
  via: string;
}

/** A path from an enforcement (or investigation) principal to a protected resource. */
export interface ForbiddenPath {
  start: string;
  /** The start's purpose tag. */
  purpose: string;
  target: string;
  hops: Hop[];
  /** The whole path in words: what the synth error prints. */
  description: string;
}

interface Statement {
  Effect?: string;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Principal?: unknown;
}

/** Actions that open (or re-wrap, or delegate, or re-write the policy of) data under a key. */
const KEY_OPEN = ['kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:CreateGrant', 'kms:PutKeyPolicy'];

/** Actions that read items, index entries, the stream or a copy of a table. */
const TABLE_READ = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PartiQLSelect',
  'dynamodb:ExecuteStatement',
  'dynamodb:BatchExecuteStatement',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ExportTableToPointInTime',
  'dynamodb:RestoreTableToPointInTime',
  'dynamodb:RestoreTableFromBackup',
  'dynamodb:CreateBackup',
];

const SECRET_READ = ['secretsmanager:GetSecretValue', 'secretsmanager:BatchGetSecretValue', 'secretsmanager:PutResourcePolicy'];

/** Making a function run, or changing what it runs as or runs. */
const FUNCTION_CONTROL = ['lambda:InvokeFunction', 'lambda:InvokeFunctionUrl', 'lambda:InvokeAsync', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:AddPermission'];

/** Acting as a role, or changing what it may do. */
const ROLE_CONTROL = ['sts:AssumeRole', 'iam:PassRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy'];

const QUEUE_READ = ['sqs:ReceiveMessage', 'sqs:SetQueueAttributes'];
const QUEUE_WRITE = ['sqs:SendMessage'];
const TOPIC_READ = ['sns:Subscribe', 'sns:SetTopicAttributes'];
const TOPIC_WRITE = ['sns:Publish'];
const BUS_READ = ['events:PutRule', 'events:PutTargets'];
const BUS_WRITE = ['events:PutEvents'];

/** AWS managed policies an enforcement role may carry: they reach logs and networking, never data. */
const HARMLESS_MANAGED_POLICIES = ['service-role/AWSLambdaBasicExecutionRole', 'service-role/AWSLambdaVPCAccessExecutionRole'];

const DEFAULT_BUS = 'event-bus:default';
const ANY_PRINCIPAL = 'any principal';

/** What an IAM statement's actions reach, by resource type (and the service of its wildcard ARNs). */
const IAM_EDGES: { actions: string[]; types: string[]; service: string; verb: string; reverse?: 'writer' }[] = [
  { actions: KEY_OPEN, types: ['AWS::KMS::Key'], service: 'kms', verb: 'can decrypt with' },
  { actions: TABLE_READ, types: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'], service: 'dynamodb', verb: 'can read' },
  { actions: SECRET_READ, types: ['AWS::SecretsManager::Secret'], service: 'secretsmanager', verb: 'can read' },
  { actions: FUNCTION_CONTROL, types: ['AWS::Lambda::Function'], service: 'lambda', verb: 'may invoke' },
  { actions: ROLE_CONTROL, types: ['AWS::IAM::Role'], service: 'iam', verb: 'may act as' },
  { actions: QUEUE_READ, types: ['AWS::SQS::Queue'], service: 'sqs', verb: 'can receive from' },
  { actions: QUEUE_WRITE, types: ['AWS::SQS::Queue'], service: 'sqs', verb: 'may send to', reverse: 'writer' },
  { actions: TOPIC_READ, types: ['AWS::SNS::Topic'], service: 'sns', verb: 'may subscribe to' },
  { actions: TOPIC_WRITE, types: ['AWS::SNS::Topic'], service: 'sns', verb: 'may publish to', reverse: 'writer' },
  { actions: BUS_READ, types: ['AWS::Events::EventBus', DEFAULT_BUS], service: 'events', verb: 'may route events of' },
  { actions: BUS_WRITE, types: ['AWS::Events::EventBus', DEFAULT_BUS], service: 'events', verb: 'may put events on', reverse: 'writer' },
];

/** A directed, labelled graph with breadth-first shortest paths. */
class Graph {
  readonly edges = new Map<string, Hop[]>();

  add(from: string, to: string, via: string): void {
    if (from === to) return;
    const list = this.edges.get(from) ?? [];
    if (!list.some((hop) => hop.to === to)) list.push({ from, to, via });
    this.edges.set(from, list);
  }

  /** The shortest path from `start` to each node it reaches, not following what the nodes in `triggerOnly` trigger. */
  paths(start: string, triggerOnly: ReadonlySet<string> = new Set()): Map<string, Hop[]> {
    const found = new Map<string, Hop[]>([[start, []]]);
    const queue = [start];
    while (queue.length > 0) {
      const node = queue.shift()!;
      for (const hop of this.edges.get(node) ?? []) {
        if (triggerOnly.has(node) && hop.via.startsWith('triggers')) continue;
        if (found.has(hop.to)) continue;
        found.set(hop.to, [...found.get(node)!, hop]);
        queue.push(hop.to);
      }
    }
    return found;
  }
}

/**
 * Every forbidden path in a template, shortest first per start and target.
 *
 * @example
 * const paths = findForbiddenPaths({ template, names, protectedResources: { [keyId]: 'safeguarding key Stack/Keys/SafeguardingKey' } });
 * if (paths.length > 0) throw new EnforcementFirewallError(paths.map((path) => path.description));
 */
export function findForbiddenPaths(input: FirewallGraphInput): ForbiddenPath[] {
  const resources = input.template.Resources ?? {};
  const tag = input.purposeTag ?? 'purpose';
  const label = (id: string) => input.protectedResources[id] ?? input.names?.[id] ?? describeResource(id, resources[id]);
  const graph = buildGraph(resources, input.handOffs ?? [], input.oracles ?? [], (id) => input.names?.[id] ?? id);
  const rules = input.rules ?? [{ purpose: 'enforcement', targets: 'all' as const }];
  const targetsOf = new Map(rules.map((rule) => [rule.purpose, rule.targets === 'all' ? Object.keys(input.protectedResources) : rule.targets]));
  const triggerOnlyOf = new Map(rules.map((rule) => [rule.purpose, new Set(rule.mayTrigger ?? [])]));

  const starts = Object.entries(resources)
    .filter(([, resource]) => (resource.Type === 'AWS::IAM::Role' || resource.Type === 'AWS::Lambda::Function') && targetsOf.has(tagValue(resource, tag) ?? ''))
    .map(([id]) => id);
  // A principal that may act as anything ('*' in a trust or resource policy) stands for every start.
  for (const start of starts) for (const hop of graph.edges.get(ANY_PRINCIPAL) ?? []) graph.add(start, hop.to, hop.via);

  // A role that an enforcement function runs as is named through that function, once.
  const rolesOfStartedFunctions = new Set(starts.flatMap((start) => (resources[start]!.Type === 'AWS::Lambda::Function' ? refsIn(resources[start]!.Properties?.Role) : [])));
  const unknownRights = managedPolicyTargets(resources);
  const found: ForbiddenPath[] = [];
  for (const start of starts.filter((id) => !rolesOfStartedFunctions.has(id))) {
    const purpose = tagValue(resources[start]!, tag)!;
    const targets = new Set(targetsOf.get(purpose));
    const reached = graph.paths(start, triggerOnlyOf.get(purpose));
    for (const [node, hops] of reached) {
      const isTarget = targets.has(node) || unknownRights.has(node);
      if (!isTarget || hops.length === 0) continue;
      found.push({ start, purpose, target: node, hops, description: describePath(start, purpose, hops, label, tag) });
    }
  }
  return found;
}

function describePath(start: string, purpose: string, hops: Hop[], label: (id: string) => string, tag: string): string {
  let text = `${label(start)} (${tag} ${purpose})`;
  for (const hop of hops) text += ` → ${hop.via} → ${label(hop.to)}`;
  return text;
}

function buildGraph(
  resources: Record<string, TemplateResource>,
  handOffs: readonly { fromRole: string; to: string }[],
  oracles: readonly { fromRole: string; to: string }[],
  name: (id: string) => string,
): Graph {
  const graph = new Graph();
  const ids = Object.keys(resources);
  const ofType = (types: string[]) => ids.filter((id) => types.includes(resources[id]!.Type)).concat(types.includes(DEFAULT_BUS) ? [DEFAULT_BUS] : []);
  const exempt = (to: string, fromRole: string) => handOffs.some((handOff) => handOff.to === to && handOff.fromRole === fromRole);
  const oracle = (to: string, fromRole: string) => oracles.some((declared) => declared.to === to && declared.fromRole === fromRole);

  /** Reader of a channel gets what every writer puts in it; a writer makes its consumers act. */
  const channelWriter = (writer: string, channel: string, how: string) => {
    graph.add(writer, channel, how);
    graph.add(channel, writer, `carries what is sent by (${how})`);
  };
  const channelReader = (reader: string, channel: string, how: string) => {
    graph.add(reader, channel, how);
    graph.add(channel, reader, `triggers (${how})`);
  };

  for (const id of ids) {
    const resource = resources[id]!;
    const props = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::Lambda::Function': {
        const role = refsIn(props.Role)[0];
        if (role) graph.add(id, role, 'runs as');
        const dlq = refsIn((props.DeadLetterConfig as { TargetArn?: unknown } | undefined)?.TargetArn)[0];
        if (dlq) channelWriter(id, dlq, 'dead-letter target');
        break;
      }
      case 'AWS::IAM::Role': {
        for (const statement of statementsOf(props.AssumeRolePolicyDocument)) {
          if (!allows(statement, ['sts:AssumeRole'])) continue;
          for (const principal of awsPrincipals(statement.Principal)) {
            if (principal === '*') graph.add(ANY_PRINCIPAL, id, 'may assume (trust policy allows any principal)');
            for (const ref of refsIn(principal)) graph.add(ref, id, 'may assume (named in its trust policy)');
          }
        }
        break;
      }
      case 'AWS::KMS::Key': {
        for (const statement of statementsOf(props.KeyPolicy)) {
          if (!allows(statement, KEY_OPEN)) continue;
          for (const principal of awsPrincipals(statement.Principal)) {
            if (principal === '*') graph.add(ANY_PRINCIPAL, id, 'can decrypt with (key policy allows any principal)');
            for (const ref of refsIn(principal)) graph.add(ref, id, `can decrypt with (named in the key policy${statementSid(statement)})`);
          }
        }
        break;
      }
      case 'AWS::Lambda::Permission': {
        const fn = refsIn(props.FunctionName)[0];
        if (!fn) break;
        const principal = props.Principal;
        if (principal === '*') graph.add(ANY_PRINCIPAL, fn, 'may invoke (function policy allows any principal)');
        for (const ref of refsIn(principal)) graph.add(ref, fn, 'may invoke (named in the function policy)');
        for (const source of refsIn(props.SourceArn)) graph.add(source, fn, 'triggers (function policy)');
        break;
      }
      case 'AWS::Lambda::EventSourceMapping': {
        const fn = refsIn(props.FunctionName)[0];
        if (!fn) break;
        for (const source of refsIn(props.EventSourceArn)) {
          graph.add(fn, source, 'is fed by (event source mapping)');
          graph.add(source, fn, 'triggers (event source mapping)');
        }
        const onFailure = (props.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined)?.OnFailure?.Destination;
        for (const destination of refsIn(onFailure)) channelWriter(fn, destination, 'on-failure destination');
        break;
      }
      case 'AWS::Lambda::EventInvokeConfig': {
        const fn = refsIn(props.FunctionName)[0];
        const config = props.DestinationConfig as { OnFailure?: { Destination?: unknown }; OnSuccess?: { Destination?: unknown } } | undefined;
        if (!fn) break;
        for (const destination of [...refsIn(config?.OnFailure?.Destination), ...refsIn(config?.OnSuccess?.Destination)]) channelWriter(fn, destination, 'invocation destination');
        break;
      }
      case 'AWS::SNS::Subscription': {
        const topic = refsIn(props.TopicArn)[0];
        if (!topic) break;
        for (const endpoint of refsIn(props.Endpoint)) channelReader(endpoint, topic, 'subscribed to');
        break;
      }
      case 'AWS::Events::Rule': {
        const bus = refsIn(props.EventBusName)[0] ?? (props.EventBusName === undefined || props.EventBusName === 'default' ? DEFAULT_BUS : undefined);
        const onBus = props.EventPattern !== undefined && bus;
        for (const target of (props.Targets as { Arn?: unknown; RoleArn?: unknown }[] | undefined) ?? []) {
          for (const ref of refsIn(target.Arn)) {
            graph.add(id, ref, 'targets');
            if (onBus) graph.add(ref, bus, `receives events of (${name(id)})`);
          }
          for (const role of refsIn(target.RoleArn)) graph.add(id, role, 'delivers as');
        }
        if (onBus) graph.add(bus, id, 'matches events in');
        break;
      }
      case 'AWS::Scheduler::Schedule': {
        const target = props.Target as { Arn?: unknown; RoleArn?: unknown } | undefined;
        for (const ref of refsIn(target?.Arn)) graph.add(id, ref, 'targets');
        for (const role of refsIn(target?.RoleArn)) graph.add(id, role, 'delivers as');
        break;
      }
      case 'AWS::Pipes::Pipe': {
        const source = refsIn(props.Source)[0];
        const role = refsIn(props.RoleArn)[0];
        for (const target of refsIn(props.Target)) {
          if (source) channelReader(target, source, `is fed by (${name(id)})`);
          if (role) graph.add(target, role, `receives what is read as (${name(id)})`);
        }
        break;
      }
      case 'AWS::SQS::QueuePolicy':
      case 'AWS::SNS::TopicPolicy':
      case 'AWS::SecretsManager::ResourcePolicy': {
        const targets = refsIn(props.Queues ?? props.Topics ?? props.SecretId);
        for (const statement of statementsOf(props.PolicyDocument)) {
          for (const principal of awsPrincipals(statement.Principal)) {
            const principals = principal === '*' ? [ANY_PRINCIPAL] : refsIn(principal);
            for (const target of targets) resourcePolicyEdges(graph, statement, principals, target, channelWriter);
          }
          // A service (SNS, EventBridge) delivering into the queue on behalf of a source named in the condition.
          if (servicePrincipals(statement.Principal).length > 0 && allows(statement, [...QUEUE_WRITE, ...TOPIC_WRITE])) {
            for (const source of refsIn((statement as { Condition?: unknown }).Condition)) for (const target of targets) channelWriter(source, target, 'delivers into (resource policy)');
          }
        }
        break;
      }
      case 'AWS::SecretsManager::Secret': {
        // Reading a secret sealed under a key has Secrets Manager decrypt it with that key.
        for (const key of refsIn(props.KmsKeyId)) graph.add(id, key, 'is sealed under');
        break;
      }
      case 'AWS::DynamoDB::Table': {
        const sse = props.SSESpecification as { KMSMasterKeyId?: unknown } | undefined;
        for (const key of refsIn(sse?.KMSMasterKeyId)) graph.add(id, key, 'is sealed under');
        break;
      }
      default:
        break;
    }
  }

  // Identity policies: what each role may do through IAM.
  for (const [role, statements] of identityStatements(resources, name)) {
    for (const { statement, source } of statements) {
      for (const edge of IAM_EDGES) {
        if (!allows(statement, edge.actions)) continue;
        const matched = edge.actions.filter((action) => allows(statement, [action]));
        for (const target of ofType(edge.types)) {
          if (!coversResource(statement, target, edge.service)) continue;
          const via = `${edge.verb} (${matched.join(', ')} in ${source})`;
          // A declared oracle's invoke yields its answer only; any other right on it (update its code, say) is followed.
          const answerOnly = edge.types.includes('AWS::Lambda::Function') && oracle(target, role) && matched.every((action) => action === 'lambda:InvokeFunction');
          if (edge.reverse === 'writer') channelWriter(role, target, via);
          else if (!answerOnly) graph.add(role, target, via);
          // Whoever a function is invoked by hands it a payload: receiving it reaches the invoker, unless declared.
          if (edge.types.includes('AWS::Lambda::Function') && !exempt(target, role)) graph.add(target, role, `is invoked with a payload by (${matched.join(', ')} in ${source})`);
        }
      }
    }
  }
  for (const id of managedPolicyTargets(resources)) {
    const [role] = id.split('|');
    graph.add(role!, id, 'carries');
  }
  return graph;
}

function resourcePolicyEdges(
  graph: Graph,
  statement: Statement,
  principals: string[],
  target: string,
  channelWriter: (writer: string, channel: string, how: string) => void,
): void {
  for (const principal of principals) {
    if (allows(statement, [...QUEUE_READ, ...TOPIC_READ, ...SECRET_READ])) graph.add(principal, target, 'may read (named in its resource policy)');
    if (allows(statement, [...QUEUE_WRITE, ...TOPIC_WRITE])) channelWriter(principal, target, 'may send to (named in its resource policy)');
  }
}

/** Pseudo-nodes `role|arn` for AWS managed policies whose rights synth cannot see (all but the harmless ones). */
function managedPolicyTargets(resources: Record<string, TemplateResource>): Set<string> {
  const targets = new Set<string>();
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::IAM::Role') continue;
    for (const arn of toArray(resource.Properties?.ManagedPolicyArns)) {
      const text = typeof arn === 'string' ? arn : JSON.stringify(arn);
      if (!text.includes('iam::aws:policy/')) continue;
      if (HARMLESS_MANAGED_POLICIES.some((name) => new RegExp(`:policy/${escapeRegex(name)}(?![A-Za-z0-9])`).test(text))) continue;
      targets.add(`${id}|${text}`);
    }
  }
  return targets;
}

/** Every IAM statement that applies to each role: inline, attached customer policies and customer managed policies. */
function identityStatements(resources: Record<string, TemplateResource>, name: (id: string) => string): Map<string, { statement: Statement; source: string }[]> {
  const byRole = new Map<string, { statement: Statement; source: string }[]>();
  const add = (role: string, document: unknown, source: string) => {
    const list = byRole.get(role) ?? [];
    for (const statement of statementsOf(document)) list.push({ statement, source });
    byRole.set(role, list);
  };
  for (const [id, resource] of Object.entries(resources)) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of toArray(props.Policies) as { PolicyName?: string; PolicyDocument?: unknown }[]) add(id, policy.PolicyDocument, `inline policy ${policy.PolicyName ?? ''} of ${name(id)}`);
      for (const arn of toArray(props.ManagedPolicyArns)) {
        for (const ref of refsIn(arn)) if (resources[ref]?.Type === 'AWS::IAM::ManagedPolicy') add(id, resources[ref]!.Properties?.PolicyDocument, name(ref));
      }
    }
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      for (const role of refsIn(props.Roles)) add(role, props.PolicyDocument, name(id));
    }
  }
  return byRole;
}

function statementsOf(document: unknown): Statement[] {
  return toArray((document as { Statement?: unknown } | undefined)?.Statement) as Statement[];
}

function statementSid(statement: Statement): string {
  const sid = (statement as { Sid?: unknown }).Sid;
  return typeof sid === 'string' ? `, ${sid}` : '';
}

/** The `AWS` principals of a statement ('*' for AnyPrincipal). */
function awsPrincipals(principal: unknown): unknown[] {
  if (principal === '*') return ['*'];
  if (principal && typeof principal === 'object') return toArray((principal as { AWS?: unknown }).AWS);
  return [];
}

function servicePrincipals(principal: unknown): unknown[] {
  if (principal && typeof principal === 'object') return toArray((principal as { Service?: unknown }).Service);
  return [];
}

/** Whether an Allow statement permits any of the actions (wildcards and NotAction honoured). */
export function allows(statement: Statement, actions: readonly string[]): boolean {
  if (statement.Effect !== 'Allow') return false;
  if (statement.Action !== undefined) {
    const patterns = toArray(statement.Action).filter((pattern): pattern is string => typeof pattern === 'string');
    return actions.some((action) => patterns.some((pattern) => matches(pattern, action)));
  }
  if (statement.NotAction !== undefined) {
    const excluded = toArray(statement.NotAction).filter((pattern): pattern is string => typeof pattern === 'string');
    return actions.some((action) => !excluded.some((pattern) => matches(pattern, action)));
  }
  return false;
}

/**
 * Whether a statement's resources include a resource: `*`, NotResource, a
 * wildcard ARN of the resource's service, or any reference to its logical id
 * (its ARN, its stream, its indexes).
 */
function coversResource(statement: Statement, logicalId: string, service: string): boolean {
  if (statement.NotResource !== undefined) return true;
  return toArray(statement.Resource).some((entry) => {
    if (entry === '*') return true;
    const json = JSON.stringify(entry);
    if (logicalId === DEFAULT_BUS && json.includes('event-bus/default')) return true;
    if (typeof entry === 'string') return entry.includes('*') && (entry.startsWith(`arn:aws:${service}:`) || /^arn:[^:]*:\*:/.test(entry) || entry.startsWith('arn:*'));
    if (refsIn(entry).includes(logicalId)) return true;
    // A joined ARN with a wildcard tail (`arn:…:kms:…:key/*`) covers every resource of the service.
    return json.includes(`:${service}:`) && json.includes('*');
  });
}

/** Logical ids a value refers to: `Ref`, `Fn::GetAtt`, and `${Id}` / `${Id.Attr}` inside `Fn::Sub`. */
export function refsIn(value: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.Ref === 'string' && !record.Ref.startsWith('AWS::')) found.push(record.Ref);
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') found.push(getAtt[0]);
    const sub = record['Fn::Sub'];
    const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    if (subText) for (const match of subText.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)) if (!match[1]!.startsWith('AWS')) found.push(match[1]!);
    for (const [key, child] of Object.entries(record)) if (key !== 'Ref' && key !== 'Fn::GetAtt') walk(child);
  };
  walk(value);
  return [...new Set(found)];
}

function tagValue(resource: TemplateResource, key: string): string | undefined {
  const tags = resource.Properties?.Tags;
  if (Array.isArray(tags)) return (tags as { Key?: unknown; Value?: unknown }[]).find((tag) => tag.Key === key)?.Value as string | undefined;
  return undefined;
}

/** What a path names each kind of resource it passes through, by CloudFormation type. */
export const RESOURCE_KINDS: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'role',
  'AWS::IAM::Policy': 'policy',
  'AWS::IAM::ManagedPolicy': 'managed policy',
  'AWS::Lambda::Function': 'function',
  'AWS::KMS::Key': 'key',
  'AWS::DynamoDB::Table': 'table',
  'AWS::SecretsManager::Secret': 'secret',
  'AWS::SQS::Queue': 'queue',
  'AWS::SNS::Topic': 'topic',
  'AWS::Events::EventBus': 'event bus',
  'AWS::Events::Rule': 'rule',
  'AWS::Scheduler::Schedule': 'schedule',
  'AWS::Pipes::Pipe': 'pipe',
};

function describeResource(id: string, resource: TemplateResource | undefined): string {
  if (id === DEFAULT_BUS) return 'the default event bus';
  if (id === ANY_PRINCIPAL) return ANY_PRINCIPAL;
  if (id.includes('|')) return `AWS managed policy ${id.slice(id.indexOf('|') + 1)}, whose rights synth cannot see`;
  return `${RESOURCE_KINDS[resource?.Type ?? ''] ?? resource?.Type ?? 'resource'} ${id}`;
}

function matches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*').replace(/\?/g, '.')}$`, 'i');
  return regex.test(action);
}

function escapeRegex(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

function toArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
