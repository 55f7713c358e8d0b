/**
 * The force's configuration and its table's clients: what every runtime starts from.
 */
import { readRuntimeConfig, type RuntimeConfig } from './config';
import { dynamoClients, type DynamoClients } from './dynamodb/client';

export interface TableAccess {
  config: RuntimeConfig;
  dynamo: DynamoClients;
}

/**
 * @example
 * const { config, dynamo } = tableAccess(process.env);
 */
export function tableAccess(env: NodeJS.ProcessEnv = process.env): TableAccess {
  const config = readRuntimeConfig(env);
  return { config, dynamo: dynamoClients({ endpoint: config.DYNAMODB_ENDPOINT }) };
}
