import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channelNames, contract, type ChannelName } from '../api/contract';
import type { ApiResult } from '../api/errors';
import { registerApiChannels, type InvokeEventLike, type IpcMainLike } from '../app/ipc';
import { DATABASE_FILE_NAME } from '../db/connection';
import { PROFILE_HEADER, startHttpServer, TOKEN_HEADER, type RunningServer } from '../server/http-server';
import { damageDatabaseFile } from '../testing/damage-database';
import { rawRequest } from '../testing/http-client';
import { openAppContext, type AppContext } from './app-context';

/**
 * Hostile payloads against EVERY channel in the contract, through both doors: the IPC registration (what the
 * preload reaches, fed a structured clone as Electron's IPC delivers it) and the HTTP door (JSON). The cases are
 * derived from each channel's own schema (via its JSON Schema), so a channel added later is covered without
 * anyone writing a line here: a valid-looking sample is built, then broken one field at a time.
 *
 * Every case must come back as INVALID_INPUT with a Chinese message, and the database must not change.
 */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

interface HostileCase {
  channel: ChannelName;
  label: string;
  payload: unknown;
}

const ONE_MB = 1024 * 1024;
/** Strings that match the patterns the contract uses, tried in order when a field has a pattern. */
const PATTERN_SAMPLES = ['2024-06-30', '手动备份_2024-06-30T08-00-00-000Z.sqlite3', 'a', 'A1', 'n1', '0f'.repeat(32)];

function jsonSchemaOf(channel: ChannelName): JsonSchema {
  return z.toJSONSchema(contract[channel].input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

function typesOf(schema: JsonSchema): Set<string> {
  if (schema.anyOf) return new Set(schema.anyOf.flatMap((part) => [...typesOf(part)]));
  const types = new Set(Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []);
  for (const value of [...(schema.enum ?? []), ...(schema.const !== undefined ? [schema.const] : [])]) {
    types.add(value === null ? 'null' : typeof value);
  }
  if (types.has('integer')) types.add('number');
  return types;
}

function nonNull(schema: JsonSchema): JsonSchema {
  return schema.anyOf?.find((part) => !typesOf(part).has('null') || typesOf(part).size > 1) ?? schema;
}

/** A value the schema should accept, as far as a JSON Schema can tell (refinements are invisible here). */
function sampleOf(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return sampleOf(nonNull(schema));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, property]) => [key, sampleOf(property)]));
    case 'array': {
      const count = Math.max(schema.minItems ?? 0, (schema.maxItems ?? 1) > 0 ? 1 : 0);
      return Array.from({ length: count }, () => sampleOf(schema.items ?? {}));
    }
    case 'string': {
      if (schema.pattern) {
        const pattern = new RegExp(schema.pattern, 'u');
        const match = PATTERN_SAMPLES.find((candidate) => pattern.test(candidate));
        if (match) return match;
      }
      return 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
    }
    case 'integer':
    case 'number': {
      const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
      return Math.min(Math.max(low, 1), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    }
    case 'boolean':
      return true;
    default:
      return null;
  }
}

function withValue(base: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy = (Array.isArray(base) ? [...base] : { ...(base as Record<string, unknown>) }) as Record<string | number, unknown>;
  if (remove && rest.length === 0) {
    delete copy[head!];
    return copy;
  }
  copy[head!] = withValue(copy[head!], rest, value, remove);
  return copy;
}

/** Everything wrong that can be done to one field. */
function fieldCases(schema: JsonSchema, path: (string | number)[], base: unknown, required: boolean, problems: string[]): { label: string; payload: unknown }[] {
  const where = path.join('.');
  const types = typesOf(schema);
  const cases: { label: string; payload: unknown }[] = [];
  const put = (label: string, value: unknown) => cases.push({ label: `${where}: ${label}`, payload: withValue(base, path, value) });

  const wrongTypes: [string, unknown][] = [
    ['number', 123],
    ['boolean', true],
    ['object', {}],
    ['array', []],
    ['null', null],
  ];
  for (const [type, value] of wrongTypes) if (!types.has(type)) put(`wrong type ${type}`, value);
  const own = nonNull(schema);
  const closedSet = own.enum !== undefined || own.const !== undefined;
  if (!types.has('string') || closedSet) put('wrong type string', 'x');
  if (types.has('number')) {
    put('NaN', Number.NaN);
    put('Infinity', Number.POSITIVE_INFINITY);
    put('-Infinity', Number.NEGATIVE_INFINITY);
    if (!typesOf({ ...nonNull(schema), anyOf: undefined }).has('number') || nonNull(schema).type === 'integer') put('fraction', 1.5);
    put('numeric string', '1');
  }
  if (types.has('string') && !closedSet) {
    if (own.maxLength === undefined && own.pattern === undefined) problems.push(`${where}: 字符串没有长度上限`);
    if ((own.maxLength ?? Number.POSITIVE_INFINITY) < ONE_MB) put('1 MB string', '长'.repeat(ONE_MB));
    else if (own.maxLength !== undefined) put(`string of ${own.maxLength + 1} characters`, 'x'.repeat(own.maxLength + 1));
  }
  if (own.type === 'array') {
    if (own.maxItems === undefined) problems.push(`${where}: 数组没有数量上限`);
    else put(`${own.maxItems + 1} items`, Array.from({ length: own.maxItems + 1 }, () => sampleOf(own.items ?? {})));
    put('object instead of array', { 0: sampleOf(own.items ?? {}) });
  }
  if (own.type === 'object') {
    put('unknown key', { ...(sampleOf(own) as object), zzUnknown: 1 });
    put('__proto__ key', JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(sampleOf(own)).slice(1)}`.replace(/, \}$/u, '}')));
  }
  if (required) cases.push({ label: `${where}: missing`, payload: withValue(base, path, undefined, true) });
  return cases;
}

function walk(schema: JsonSchema, path: (string | number)[], base: unknown, required: boolean, problems: string[]): { label: string; payload: unknown }[] {
  const own = nonNull(schema);
  const cases = path.length > 0 ? fieldCases(schema, path, base, required, problems) : [];
  if (own.type === 'object') {
    if (own.additionalProperties !== false) problems.push(`${path.join('.') || '(根)'}: 不是 strictObject，未知字段会被忽略`);
    for (const [key, property] of Object.entries(own.properties ?? {})) {
      cases.push(...walk(property, [...path, key], base, (own.required ?? []).includes(key), problems));
    }
  }
  if (own.type === 'array' && own.items && (own.maxItems ?? 1) > 0) cases.push(...walk(own.items, [...path, 0], base, false, problems));
  return cases;
}

function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/**
 * Base samples for schemas with a rule across fields, which a sample built field by field cannot meet (both fields at
 * their minimum): written out, so every field case of the channel still breaks a valid payload.
 */
const BASE_SAMPLES: Partial<Record<ChannelName, unknown>> = {
  'escalation.setRule': { yellowAfterDays: 3, redAfterDays: 10 },
  // A union on `list`: the sample built field by field mixes its branches.
  'reports.exportList': { list: 'round', id: 1 },
};

function casesFor(channel: ChannelName, problems: string[]): { cases: HostileCase[]; sampleIsValid: boolean } {
  const schema = jsonSchemaOf(channel);
  const sample = BASE_SAMPLES[channel] ?? sampleOf(schema);
  const whole: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['number', 42],
    ['NaN', Number.NaN],
    ['string', 'x'],
    ['1 MB string', '长'.repeat(ONE_MB)],
    ['boolean', true],
    ['empty array', []],
    ['array instead of object', [sample]],
    ['unknown key', { ...(sample as object), zzUnknown: 1 }],
    ['__proto__ key', { ...JSON.parse('{"__proto__": {"polluted": true}}'), ...(sample as object) }],
    ['constructor.prototype key', { ...(sample as object), constructor: { prototype: { polluted: true } } }],
    ['1000-level nesting', { ...(sample as object), zzDeep: nested(1000) }],
  ];
  const cases = [
    ...whole.map(([label, payload]) => ({ label: `payload: ${label}`, payload })),
    ...walk(schema, [], sample, true, problems),
  ].map((entry) => ({ channel, ...entry }));
  return { cases, sampleIsValid: contract[channel].input.safeParse(sample).success };
}

/** The IPC door as Electron delivers to it: a structured clone of what the page sent, from the app's own page. */
function ipcDoor(dispatch: AppContext['dispatch']) {
  const handlers = new Map<string, (event: InvokeEventLike, input: unknown, profile?: unknown) => Promise<ApiResult<unknown>>>();
  const ipcMain: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
  registerApiChannels(ipcMain, dispatch, () => true);
  return (channel: ChannelName, payload: unknown) =>
    handlers.get(`api:${channel}`)!({ senderFrame: { url: 'file:///app/index.html' } }, structuredClone(payload), OFFICE);
}

// Every call is made as the office, so the write channels are reachable and a payload that slipped through would
// really write.
const OFFICE = { role: 'office', person: '测试' };
let dir: string;
let context: AppContext;
let server: RunningServer;
const token = 'hostile-test-token-0123456789';
const figures = { channels: 0, validSamples: 0, ipc: 0, http: 0 };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-desk-hostile-'));
  const staticDir = join(dir, 'renderer');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
  context = await openAppContext({ dataDir: join(dir, 'data'), mode: 'browser', version: 'test', logError: () => undefined });
  await context.dispatch('backup.create', {}, { kind: 'local', profile: OFFICE });
  server = await startHttpServer({ dispatch: context.dispatch, staticDir, token, port: 0 });
});

afterAll(async () => {
  await server?.close();
  await context?.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `[figures] hostile payloads: ${figures.ipc} through IPC + ${figures.http} through HTTP = ${figures.ipc + figures.http}, ` +
      `over ${figures.channels} channels (${figures.validSamples} with a schema-valid base sample)`,
  );
});

function snapshot() {
  const sqlite = context.database.sqlite;
  return {
    changes: (sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n,
    backups: readdirSync(join(dir, 'data', 'backups')).sort(),
  };
}

function expectRefused(result: ApiResult<unknown>, what: string): void {
  expect(result, what).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  if (!result.ok) expect(result.error.message, what).toMatch(/[\u4e00-\u9fff]/u);
}

describe('hostile payloads on every channel', () => {
  it('every channel schema is strict and bounded', () => {
    const problems: string[] = [];
    for (const channel of channelNames) casesFor(channel, problems);
    expect(problems).toEqual([]);
  });

  it.each(channelNames.map((name) => [name]))('%s refuses them through both doors and writes nothing', async (channel) => {
    const problems: string[] = [];
    const { cases, sampleIsValid } = casesFor(channel, problems);
    figures.channels++;
    if (sampleIsValid) figures.validSamples++;
    // Each case breaks one field of the base sample: were the sample itself refused, every case would pass for the
    // wrong reason.
    expect(sampleIsValid, `${channel}: the base sample must pass the schema (add a string its patterns accept to PATTERN_SAMPLES)`).toBe(true);
    const ipc = ipcDoor(context.dispatch);
    const before = snapshot();

    for (const entry of cases) {
      expectRefused(await ipc(channel, entry.payload), `${channel} IPC ${entry.label}`);
      figures.ipc++;
      const body = JSON.stringify(entry.payload);
      // Only what JSON can carry unchanged goes over HTTP (NaN would arrive as null: another case already).
      if (body === undefined || !isDeepStrictEqual(JSON.parse(body), entry.payload)) continue;
      const response = await rawRequest({
        port: server.port,
        path: `/api/${channel}`,
        method: 'POST',
        headers: {
          host: `127.0.0.1:${server.port}`,
          'content-type': 'application/json',
          [TOKEN_HEADER]: token,
          [PROFILE_HEADER]: encodeURIComponent(JSON.stringify(OFFICE)),
        },
        body,
      });
      expect(response.status, `${channel} HTTP ${entry.label}`).toBe(200);
      expectRefused(JSON.parse(response.body) as ApiResult<unknown>, `${channel} HTTP ${entry.label}`);
      figures.http++;
    }

    expect(snapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('raw bodies JSON cannot express are refused at the HTTP door', async () => {
    for (const body of ['{"planId": NaN}', '{"planId": Infinity}', "{'planId': 1}", '{"planId": 1', '\u0000']) {
      const response = await rawRequest({
        port: server.port,
        path: '/api/plan.tree',
        method: 'POST',
        headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body,
      });
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      figures.http++;
    }
  });
});

describe('hostile payloads in recovery mode', () => {
  it('are refused the same way before anything else is said', async () => {
    const dataDir = join(dir, 'damaged');
    const first = await openAppContext({ dataDir, mode: 'browser', version: 'test' });
    await first.close();
    damageDatabaseFile(join(dataDir, DATABASE_FILE_NAME));
    const recovery = await openAppContext({ dataDir, mode: 'browser', version: 'test', logError: () => undefined });
    try {
      expect(recovery.recovery).not.toBeNull();
      const ipc = ipcDoor(recovery.dispatch);
      for (const channel of channelNames) {
        for (const entry of casesFor(channel, []).cases.filter((item) => item.label.startsWith('payload:'))) {
          expectRefused(await ipc(channel, entry.payload), `recovery ${channel} ${entry.label}`);
          figures.ipc++;
        }
      }
    } finally {
      await recovery.close();
    }
  });
});
