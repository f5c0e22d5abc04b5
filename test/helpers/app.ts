/** Builds the app for supertest with the real configuration loader and a silent logger. */
import type { Express } from 'express';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/http/logging';

export function testApp(isReady: () => Promise<boolean> = async () => true): Express {
  const config = loadConfig({ NODE_ENV: 'test' });
  return createApp({ config, logger: createLogger('silent'), isReady, sessionSecret: 'test-secret-'.padEnd(40, 'x') });
}
