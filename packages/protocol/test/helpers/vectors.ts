import { readFileSync } from 'node:fs';

export interface BendVector {
  name: string;
  kind: 'request' | 'response';
  method?: 'GET' | 'POST';
  secretKey: string;
  signKey: string;
  app_id: string;
  nonce: string;
  timestamp: string;
  iv: string | null;
  params?: Record<string, unknown>;
  plaintext: string | null;
  data: string;
  signString: string;
  sign: string;
}

export interface ActionVector {
  name: string;
  source: string;
  apiKey: string;
  params: [string, string][];
  stringToSign: string;
  signature: string;
  query: string;
}

export interface WalltechVector {
  name: string;
  source: string;
  secretKey: string;
  method: string;
  url: string;
  date: string;
  stringToSign: string;
  signature: string;
  token?: string;
  authorization?: string;
}

export interface WebhookVector {
  name: string;
  source: string;
  body: string;
  bodyBytes: number;
  timestamp: number;
  secrets: string[];
  signatures: string[];
  header: string;
  checks: { secret: string; now: number; expect: 'ok' | 'ERR_WEBHOOK_SIGNATURE' | 'ERR_WEBHOOK_TIMESTAMP' }[];
}

function load<T>(file: string): T[] {
  const text = readFileSync(new URL(`../vectors/${file}`, import.meta.url), 'utf8');
  return (JSON.parse(text) as { vectors: T[] }).vectors;
}

export const bendVectors = load<BendVector>('bend-v1.json');
export const actionVectors = load<ActionVector>('action-api.json');
export const walltechVectors = load<WalltechVector>('walltech.json');
export const webhookVectors = load<WebhookVector>('webhooks.json');
