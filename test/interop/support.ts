// Helpers of the interop tests: raw HTTP (forms, XML, signed messages), JSON Schema validation,
// the XML shape a client library sees, and a local HTTP receiver standing in for another system.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { sign } from '../../src/interop/signing.ts';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
/** ../shared/data beside the repository (absent in a user's clone; MINSHENG_SHARED_DATA points elsewhere). */
export const SHARED = process.env.MINSHENG_SHARED_DATA ?? fileURLToPath(new URL('../../../shared/data/', import.meta.url));
export const hasShared = (sub: string) => existsSync(SHARED + sub);

export interface Raw {
  status: number;
  type: string;
  text: string;
  json: any;
}

export async function raw(url: string, init: RequestInit = {}): Promise<Raw> {
  const r = await fetch(url, init);
  const text = await r.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.status, type: r.headers.get('content-type') ?? '', text, json };
}

export function form(url: string, fields: Record<string, string>): Promise<Raw> {
  return raw(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
}

// ---- JSON Schema ----

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

export function ourSchemas(): (def: string) => ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  ajv.addSchema(JSON.parse(readFileSync(FIXTURES + 'open311/schemas/georeport-v2.json', 'utf8')));
  return (def) => ajv.getSchema(`georeport-v2.json#/definitions/${def}`)!;
}

/** The Open311 project's own schemas, when ../shared is there. */
export function sharedSchemas(): ((file: string) => ValidateFunction) | null {
  const dir = SHARED + 'open311/open311-schema-validation/';
  if (!existsSync(dir)) return null;
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  for (const f of ['service.json', 'services.json', 'service-definition.json', 'request.json', 'requests.json']) {
    ajv.addSchema({ ...JSON.parse(readFileSync(dir + f, 'utf8')), $id: f });
  }
  return (file) => ajv.getSchema(file)!;
}

export function valid(v: ValidateFunction, data: unknown): string {
  return v(data) ? '' : JSON.stringify(v.errors?.slice(0, 5));
}

// ---- XML as a client library reads it ----

const parser = new XMLParser({ parseTagValue: false, trimValues: true, ignoreDeclaration: true, ignoreAttributes: true });

export function parseXml(text: string): any {
  return parser.parse(text);
}

/** Strip the "HTTP/1.1 403 Forbidden" line some fixtures start with. */
export function fixtureXml(name: string): any {
  const text = readFileSync(FIXTURES + `open311/codeforamerica-open311-ruby/${name}`, 'utf8');
  return parseXml(text.slice(text.indexOf('<?xml')));
}

export const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
export const keysOf = (x: unknown) => Object.keys((x ?? {}) as object).sort();

// ---- signed messages ----

export function signedPost(url: string, secret: string, body: unknown, extra: Record<string, string> = {}): Promise<Raw> {
  const text = JSON.stringify(body);
  return raw(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-minsheng-signature': sign(secret, text), ...extra }, body: text });
}

// ---- a receiver standing in for another system ----

export interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  json: any;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The status the next requests get (default 200), and the body. */
  respond: { status: number; body: unknown };
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const respond = { status: 200, body: { ok: true } as unknown };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      received.push({ headers: req.headers, body, json });
      res.writeHead(respond.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(respond.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${addr.port}/hook`,
    received,
    respond,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
