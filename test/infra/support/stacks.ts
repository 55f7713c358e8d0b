/**
 * Shared synthesis for infra tests: the example forces are synthesised once
 * per test file (esbuild bundling is the slow part; CDK caches bundles per
 * process, so later stacks reuse them).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildForceApp } from '../../../infra/build-app';
import { cdkJsonContext } from '../../../infra/cdk-context';
import { type ForceConfig, loadForceConfigs } from '../../../infra/force-config';
import type { ForceStack } from '../../../infra/force-stack';

export const EXAMPLE_FORCES: ForceConfig[] = loadForceConfigs();

/** A fresh app writing to a temporary folder, so tests never touch cdk.out. */
export function testApp(): App {
  return new App({ outdir: mkdtempSync(join(tmpdir(), 'safe-pathway-cdk-')), context: cdkJsonContext() });
}

/**
 * A fresh app that skips asset bundling (`aws:cdk:bundling-stacks: []`): for
 * tests that judge wiring, not bundles, so a whole force synthesises in seconds.
 */
export function unbundledApp(): App {
  return new App({ outdir: mkdtempSync(join(tmpdir(), 'safe-pathway-cdk-')), context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
}

export interface SynthesisedForce {
  config: ForceConfig;
  stack: ForceStack;
  template: Template;
}

/** Builds the real app (every example force) and synthesises it. */
export function synthesiseExampleForces(): { app: App; forces: SynthesisedForce[] } {
  const app = testApp();
  const stacks = buildForceApp(app, { configs: EXAMPLE_FORCES });
  app.synth();
  return {
    app,
    forces: stacks.map((stack, index) => ({
      config: EXAMPLE_FORCES[index]!,
      stack,
      template: Template.fromStack(stack),
    })),
  };
}

/** A bare stack in its own app, for constructs that need no bundling. */
export function bareStack(id = 'Test'): Stack {
  return new Stack(testApp(), id);
}

/** IAM policy statements of every AWS::IAM::Policy attached to a role (by role logical id). */
export function statementsOfRole(template: Template, roleLogicalId: string): Record<string, unknown>[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((policy) =>
      (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleLogicalId),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
}

/** The logical id of the only resource of a type whose properties match. */
export function logicalIdOf(template: Template, type: string, props?: Record<string, unknown>): string {
  const found = Object.keys(template.findResources(type, props ? { Properties: props } : undefined));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}

export function toArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
