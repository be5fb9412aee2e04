// Open311 GeoReport v2 on the wire: every resource in JSON and in XML, and the standard's error
// list. XML follows the specification's element names (the same the Code for America client
// library is tested against): a list root with one element per item, empty elements for nulls.
import { XMLBuilder } from 'fast-xml-parser';
import type { FastifyReply } from 'fastify';

export type Format = 'json' | 'xml';

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: false, processEntities: true });

/** Nulls become empty elements, booleans and numbers text; arrays repeat their element. */
function xmlValue(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(xmlValue);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, xmlValue(x)]));
  return String(v);
}

export function toXml(root: string, body: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: xmlValue(body) })}`;
}

/** Send a resource: JSON as is, XML under `root` with each list item as `item`. */
export function sendResource(reply: FastifyReply, format: Format, root: string, item: string | null, body: unknown, status = 200) {
  reply.status(status);
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
  const xmlBody = item === null ? body : Array.isArray(body) && body.length === 0 ? '' : { [item]: body };
  return reply.type('text/xml; charset=utf-8').send(toXml(root, xmlBody));
}

export interface Open311Error {
  code: number;
  description: string;
}

export class Open311Failure extends Error {
  constructor(readonly status: number, readonly errors: Open311Error[]) {
    super(errors.map((e) => e.description).join('; '));
  }
}

/** The standard's error: a list of {code, description}, with the HTTP status of the first. */
export function fail(status: number, zh: string, en: string): Open311Failure {
  return new Open311Failure(status, [{ code: status, description: `${zh} / ${en}` }]);
}

export function sendErrors(reply: FastifyReply, format: Format, e: Open311Failure) {
  return sendResource(reply, format, 'errors', 'error', e.errors, e.status);
}

/** `services.xml`, `requests/20261121-00042.json`: the name and the format its suffix asks for. */
export function splitFormat(name: string, accept: string | undefined): { name: string; format: Format } {
  const m = /^(.*)\.(json|xml)$/i.exec(name);
  if (m) return { name: m[1]!, format: m[2]!.toLowerCase() as Format };
  const a = accept ?? '';
  return { name, format: /xml/.test(a) && !/json/.test(a) ? 'xml' : 'json' };
}
