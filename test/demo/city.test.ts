import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, REQUEST_TYPES, TERRITORY_LEVELS, UNIT_KINDS } from '../../src/domain/types.ts';
import {
  DEMO_PASSWORD, categories, routingRules, territories, timeLimitRules, units, users,
} from '../../src/demo/city.ts';
import { estates, givenNames, knowledgeArticles, orderTemplates, roads, surnames } from '../../src/demo/texts.ts';

function uniqueCodes<T>(items: T[], key: (x: T) => string, what: string): Map<string, T> {
  const m = new Map<string, T>();
  for (const x of items) {
    const k = key(x);
    assert.ok(!m.has(k), `duplicate ${what}: ${k}`);
    m.set(k, x);
  }
  return m;
}

const territoryByCode = uniqueCodes(territories, (t) => t.code, 'territory code');
const unitByCode = uniqueCodes(units, (u) => u.code, 'unit code');
const categoryByCode = uniqueCodes(categories, (c) => c.code, 'category code');
const thirdLevel = categories.filter((c) => c.code.length === 6);
const secondLevel = categories.filter((c) => c.code.length === 4);

test('demo password is fixed', () => {
  assert.equal(DEMO_PASSWORD, 'Minsheng@2026');
});

test('territory tree: one district, 8 real streets, communities and grid cells with valid parents', () => {
  const levelRank = new Map(TERRITORY_LEVELS.map((l, i) => [l, i]));
  const roots = territories.filter((t) => t.parentCode === null);
  assert.equal(roots.length, 1);
  assert.equal(roots[0]!.code, '370214');
  assert.equal(roots[0]!.level, 'district');
  const streets = territories.filter((t) => t.level === 'street').map((t) => `${t.code} ${t.name}`).sort();
  assert.deepEqual(streets, [
    '370214001 城阳街道', '370214002 夏庄街道', '370214003 流亭街道', '370214004 棘洪滩街道',
    '370214005 上马街道', '370214008 惜福镇街道', '370214009 红岛街道', '370214010 河套街道',
  ]);
  for (const t of territories) {
    const [lng, lat] = t.center;
    assert.ok(lng >= 120.2 && lng <= 120.5, `${t.code} lng ${lng}`);
    assert.ok(lat >= 36.2 && lat <= 36.45, `${t.code} lat ${lat}`);
    if (t.parentCode === null) continue;
    const p = territoryByCode.get(t.parentCode);
    assert.ok(p, `territory ${t.code} parent ${t.parentCode} missing`);
    assert.equal(levelRank.get(t.level), levelRank.get(p.level)! + 1, `${t.code} level under ${p.code}`);
    assert.ok(t.code.startsWith(p.code), `${t.code} code extends parent ${p.code}`);
  }
  for (const s of territories.filter((t) => t.level === 'street')) {
    const cs = territories.filter((t) => t.parentCode === s.code);
    assert.ok(cs.length >= 3 && cs.length <= 5, `${s.name} has ${cs.length} communities`);
    for (const c of cs) {
      assert.equal(c.code.length, 12);
      const gs = territories.filter((t) => t.parentCode === c.code);
      assert.ok(gs.length >= 2 && gs.length <= 4, `${c.name} has ${gs.length} grid cells`);
      for (const g of gs) assert.equal(g.code.length, 14);
    }
  }
});

test('units: unique codes, valid parents, kinds, tiers, territories and duty phones', () => {
  assert.ok(units.length >= 35 && units.length <= 50, `${units.length} units`);
  const centre = unitByCode.get('centre');
  assert.ok(centre);
  assert.equal(centre.kind, 'centre');
  assert.equal(centre.parentCode, null);
  assert.equal(centre.tier, 1);
  for (const u of units) {
    assert.ok((UNIT_KINDS as readonly string[]).includes(u.kind), `${u.code} kind`);
    assert.match(u.code, /^[a-z0-9-]+$/);
    assert.match(u.dutyPhone, /^0532-8\d{7}$/, `${u.code} phone`);
    assert.ok([1, 2, 3].includes(u.tier));
    if (u.parentCode !== null) assert.ok(unitByCode.has(u.parentCode), `unit ${u.code} parent ${u.parentCode} missing`);
    else assert.equal(u.code, 'centre');
    if (u.territoryCode !== null) assert.ok(territoryByCode.has(u.territoryCode), `unit ${u.code} territory missing`);
  }
  const streetUnits = units.filter((u) => u.kind === 'street');
  assert.equal(streetUnits.length, 8);
  for (const s of streetUnits) {
    assert.equal(territoryByCode.get(s.territoryCode!)?.level, 'street');
    const cms = units.filter((u) => u.kind === 'community' && u.parentCode === s.code);
    assert.ok(cms.length >= 2, `${s.code} community units`);
    for (const c of cms) assert.equal(territoryByCode.get(c.territoryCode!)?.parentCode, s.territoryCode);
  }
  assert.ok(units.filter((u) => u.kind === 'department').length >= 15);
  assert.ok(units.some((u) => u.kind === 'utility'));
  assert.ok(units.some((u) => u.kind === 'company'));
});

test('users: unique usernames, valid units, every role present', () => {
  uniqueCodes(users, (u) => u.username, 'username');
  for (const u of users) assert.ok(unitByCode.has(u.unitCode), `user ${u.username} unit ${u.unitCode} missing`);
  for (const role of ROLES) assert.ok(users.some((u) => u.role === role), `no user with role ${role}`);
  for (const name of ['operator1', 'operator2', 'dispatcher1', 'callback1', 'supervisor1', 'leader1', 'admin1']) {
    const u = users.find((x) => x.username === name);
    assert.ok(u, name);
    assert.equal(u.unitCode, 'centre');
  }
  for (const u of users.filter((x) => x.role === 'unit_handler')) {
    assert.equal(u.username, `handler-${u.unitCode}`);
    assert.notEqual(u.unitCode, 'centre');
  }
  const handled = new Set(users.filter((u) => u.role === 'unit_handler').map((u) => unitByCode.get(u.unitCode)!.kind));
  for (const kind of ['department', 'street', 'community', 'utility', 'company']) assert.ok(handled.has(kind as never), `no handler for ${kind}`);
});

test('categories: 3-level hierarchical codes, every third-level reachable from a root', () => {
  for (const c of categories) {
    assert.match(c.code, /^\d{2}(\d{2}){0,2}$/);
    if (c.code.length === 2) assert.equal(c.parentCode, null);
    else {
      assert.equal(c.parentCode, c.code.slice(0, -2));
      assert.ok(categoryByCode.has(c.parentCode!), `category ${c.code} parent missing`);
    }
  }
  for (const c of thirdLevel) {
    let cur: string | null = c.code;
    let depth = 0;
    while (cur !== null) {
      const node = categoryByCode.get(cur);
      assert.ok(node, `unreachable ${c.code}`);
      cur = node.parentCode;
      depth++;
    }
    assert.equal(depth, 3);
  }
  assert.ok(categories.filter((c) => c.code.length === 2).length >= 10);
  assert.ok(secondLevel.length >= 40);
  assert.ok(thirdLevel.length >= 120);
  for (const s of secondLevel) assert.ok(thirdLevel.some((c) => c.parentCode === s.code), `${s.code} has no children`);
});

test('routing rules reference existing categories, territories and units', () => {
  for (const r of routingRules) {
    assert.ok(categoryByCode.has(r.categoryCode), `rule category ${r.categoryCode}`);
    assert.ok(r.categoryCode.length >= 4, `rule on first-level category ${r.categoryCode}`);
    if (r.territoryCode !== null) assert.ok(territoryByCode.has(r.territoryCode), `rule territory ${r.territoryCode}`);
    const lead = unitByCode.get(r.leadUnitCode);
    assert.ok(lead, `rule lead ${r.leadUnitCode}`);
    assert.notEqual(lead.kind, 'centre');
    for (const a of r.assistUnitCodes) {
      assert.ok(unitByCode.has(a), `rule assist ${a}`);
      assert.notEqual(a, r.leadUnitCode);
    }
    if (r.territoryCode !== null && lead.kind === 'street') assert.equal(lead.territoryCode, r.territoryCode);
  }
  const keys = routingRules.map((r) => `${r.categoryCode}|${r.territoryCode ?? '*'}`);
  assert.equal(new Set(keys).size, keys.length, 'duplicate routing rule');
});

test('every second-level category has a default routing rule', () => {
  for (const c of secondLevel) {
    assert.ok(routingRules.some((r) => r.categoryCode === c.code && r.territoryCode === null), `no default rule for ${c.code} ${c.name}`);
  }
});

test('territorial matters are routed to the street of each street territory', () => {
  const streets = territories.filter((t) => t.level === 'street');
  for (const cat of ['0204', '010401', '010601', '0804']) {
    for (const s of streets) {
      const r = routingRules.find((x) => x.categoryCode === cat && x.territoryCode === s.code);
      assert.ok(r, `no rule ${cat} for ${s.name}`);
      assert.equal(unitByCode.get(r.leadUnitCode)?.kind, 'street');
    }
  }
});

test('time-limit rules reference valid values', () => {
  for (const r of timeLimitRules) {
    if (r.requestType !== null) assert.ok((REQUEST_TYPES as readonly string[]).includes(r.requestType));
    if (r.categoryCode !== null) assert.ok(categoryByCode.has(r.categoryCode), `time-limit category ${r.categoryCode}`);
    for (const l of [r.signFor, r.handle]) assert.ok(l.value > 0 && (l.unit === 'workdays' || l.unit === 'hours'));
  }
  for (const t of REQUEST_TYPES) assert.ok(timeLimitRules.some((r) => r.requestType === t), `no limit for ${t}`);
  const em = timeLimitRules.find((r) => r.emergency === true);
  assert.deepEqual(em?.handle, { value: 24, unit: 'hours' });
  assert.deepEqual(em?.signFor, { value: 1, unit: 'hours' });
  assert.deepEqual(timeLimitRules.find((r) => r.grade === 4)?.handle, { value: 15, unit: 'workdays' });
});

test('order templates reference existing third-level categories', () => {
  assert.ok(orderTemplates.length >= 150);
  const thirdCodes = new Set(thirdLevel.map((c) => c.code));
  for (const t of orderTemplates) {
    assert.ok(thirdCodes.has(t.categoryCode), `template "${t.title}" category ${t.categoryCode}`);
    assert.ok((REQUEST_TYPES as readonly string[]).includes(t.requestType));
    assert.ok(t.title && t.description && t.reply);
    for (const m of t.description.matchAll(/\{(\w+)\}/g)) assert.ok(['place', 'community', 'street'].includes(m[1]!), `placeholder ${m[0]}`);
    assert.doesNotMatch(t.reply, /\{\w+\}/, `reply of "${t.title}" has a placeholder`);
  }
  const covered = new Set(orderTemplates.map((t) => t.categoryCode));
  assert.ok(covered.size >= thirdCodes.size * 0.75, `templates cover ${covered.size}/${thirdCodes.size}`);
});

test('name lists and knowledge articles', () => {
  assert.ok(surnames.length >= 30 && givenNames.length >= 40);
  assert.ok(roads.length >= 35 && estates.length >= 35);
  assert.equal(new Set(roads).size, roads.length);
  assert.equal(new Set(estates).size, estates.length);
  assert.ok(knowledgeArticles.length >= 20);
  for (const k of knowledgeArticles) assert.ok(categoryByCode.has(k.categoryCode), `article ${k.title}`);
});
