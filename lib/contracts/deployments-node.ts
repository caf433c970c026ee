import { readTextFile } from '../data/node';
import { DataError } from '../errors';
import { type Deployment, parseDeployment } from './deployments';

/** Reads and validates a deployments file (Node only). */
export function readDeployment(file: string, expectedChainId?: number): Deployment {
  const text = readTextFile(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new DataError(`not valid JSON (${(cause as Error).message})`, { file }, { cause });
  }
  return parseDeployment(json, file, expectedChainId);
}
