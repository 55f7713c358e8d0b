/**
 * The cold-start floor: a Lambda handler that only imports the DynamoDB
 * client and does one PutItem. Bundled exactly like the real functions.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';

const client = new DynamoDBClient({});

export const handler = async (): Promise<{ statusCode: number }> => {
  await client.send(
    new PutItemCommand({
      TableName: process.env.TABLE_NAME,
      Item: { PK: { S: `FLOOR#${randomUUID()}` }, SK: { S: 'FLOOR' } },
    }),
  );
  return { statusCode: 201 };
};
