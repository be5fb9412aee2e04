// The closed loop over HTTP against a started server on a real database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ids, complaint, type Ids } from '../helpers/fixtures.ts';
import { startTestPlatform, type Client, type TestPlatform } from '../helpers/platform.ts';

let tp: TestPlatform;
let I: Ids;
let operator: Client, dispatcher: Client, cgj: Client, zjj: Client, callback: Client, supervisor: Client, street: Client, community: Client;

before(async () => {
  tp = await startTestPlatform();
  I = await ids(tp.db);
  [operator, dispatcher, cgj, zjj, callback, supervisor, street, community] = await Promise.all([
    tp.as('operator1'), tp.as('dispatcher1'), tp.as('handler-cgj'), tp.as('handler-zjj'), tp.as('callback1'), tp.as('supervisor1'),
    tp.as('handler-st-chengyang'), tp.as('handler-cm-370214001001'),
  ]);
});
after(() => tp.stop());

const types = (o: { events: { type: string }[] }) => o.events.map((e) => e.type);

async function accepted(body: Record<string, unknown> = {}) {
  const r = await operator.post('/api/orders', complaint(I, body));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function dispatched(body: Record<string, unknown> = {}, lead = I.unit('cgj')) {
  const o = await accepted(body);
  const d = await dispatcher.post(`/api/orders/${o.id}/dispatch`, { leadUnitId: lead, assistUnitIds: [I.unit('zjj')] });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  return d.body;
}

describe('a normal complaint through the whole loop', () => {
  it('is accepted, dispatched, signed for, replied, called back, closed and evaluated', async () => {
    const o = await accepted();
    assert.match(o.code, /^\d{8}-\d{5}$/);
    assert.equal(o.state, 'accepted');
    assert.equal(o.channel, 'phone');
    assert.deepEqual(o.actions.includes('dispatch'), false, 'an operator does not dispatch');

    const preview = await dispatcher.get(`/api/orders/${o.code}/dispatch-preview`);
    assert.equal(preview.status, 200);
    assert.equal(preview.body.suggestion.leadUnit.code, 'cgj', 'the routing rule for 施工噪声 names 城管局');
    assert.deepEqual(preview.body.limits.handle, { value: 10, unit: 'workdays' }, 'a complaint has 10 working days (seed 001)');

    const d = await dispatcher.post(`/api/orders/${o.id}/dispatch`, { leadUnitId: I.unit('cgj'), assistUnitIds: [I.unit('zjj')], note: '请依法查处' });
    assert.equal(d.status, 200);
    assert.equal(d.body.state, 'dispatched');
    assert.equal(d.body.leadUnit.code, 'cgj');
    assert.equal(d.body.handleDue, preview.body.handleDue, 'the dispatch sets the deadline the preview showed');
    assert.ok(d.body.signForDue < d.body.handleDue);

    const early = await cgj.post(`/api/orders/${o.id}/reply`, { result: '已处理' });
    assert.equal(early.status, 409, 'replying before signing for is refused');
    assert.match(early.body.message, /状态/);

    const s = await cgj.post(`/api/orders/${o.id}/sign-for`);
    assert.equal(s.status, 200);
    assert.equal(s.body.state, 'handling');

    const assist = await zjj.post(`/api/orders/${o.id}/assist-note`, { text: '住建局已约谈施工单位，要求夜间停工' });
    assert.equal(assist.status, 200);

    const rep = await cgj.post(`/api/orders/${o.id}/reply`, { result: '经现场核查，工地夜间施工属实，已责令整改并处罚款。', handlerName: '李执法' });
    assert.equal(rep.status, 200);
    assert.equal(rep.body.state, 'replied');

    const cb = await callback.post(`/api/orders/${o.id}/callback`, { satisfaction: 'satisfied', solved: true, note: '市民表示夜间已无施工' });
    assert.equal(cb.status, 200);
    assert.equal(cb.body.state, 'called_back');

    const c = await callback.post(`/api/orders/${o.id}/close`);
    assert.equal(c.status, 200);
    assert.equal(c.body.state, 'closed');
    assert.equal(c.body.closeKind, 'verified');

    const twice = await callback.post(`/api/orders/${o.id}/close`);
    assert.equal(twice.status, 409, 'closing twice is refused');

    const ev = await supervisor.post(`/api/orders/${o.id}/evaluate`, { score: 95, note: '处置及时' });
    assert.equal(ev.status, 200);
    assert.deepEqual(types(ev.body), ['accepted', 'registered', 'dispatched', 'signed_for', 'assist_noted', 'replied', 'called_back', 'closed', 'evaluated']);
    for (const e of ev.body.events) {
      assert.ok(e.at && e.actor.name, 'every event has who and when');
    }
    assert.equal(ev.body.events.find((e: any) => e.type === 'dispatched').note, '请依法查处');
  });

  it('answers a consultation at once and closes it', async () => {
    const r = await operator.post('/api/orders', complaint(I, {
      requestType: 'consult', answer: { text: '居住证可在户籍所在地派出所办理，需携带身份证和居住证明。' },
    }));
    assert.equal(r.status, 201);
    assert.equal(r.body.state, 'closed');
    assert.equal(r.body.closeKind, 'immediate');
    assert.deepEqual(types(r.body), ['accepted', 'answered']);
  });
});

describe('an emergency', () => {
  it('needs the phone notice and runs on clock hours', async () => {
    const o = await accepted({ requestType: 'help', emergency: true, title: '燃气泄漏' });
    const no = await dispatcher.post(`/api/orders/${o.id}/dispatch`, { leadUnitId: I.unit('cgj') });
    assert.equal(no.status, 409);
    assert.equal(no.body.error, 'phone_notice_required');
    const at = tp.clock.now();
    const d = await dispatcher.post(`/api/orders/${o.id}/dispatch`, {
      leadUnitId: I.unit('cgj'), phoneNotice: { calledAt: at.toISOString(), person: '值班长 刘', phone: '0532-87861234', note: '已电话通知' },
    });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    assert.equal(new Date(d.body.handleDue).getTime() - at.getTime(), 24 * 3_600_000, '24 clock hours');
    assert.equal(new Date(d.body.signForDue).getTime() - at.getTime(), 3_600_000, 'one hour to sign for');
    const ev = d.body.events.find((e: any) => e.type === 'dispatched');
    assert.equal(ev.data.phoneNotice.person, '值班长 刘', 'the phone notice is recorded with the dispatch');
  });
});

describe('return and second dispatch', () => {
  it('goes back to the dispatcher with the reason and counts the second dispatch', async () => {
    const o = await dispatched();
    const noReason = await cgj.post(`/api/orders/${o.id}/return`, {});
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.fields[0].field, 'reason');
    const r = await cgj.post(`/api/orders/${o.id}/return`, { reason: '属住建部门监管的在建工地，请改派' });
    assert.equal(r.status, 200);
    assert.equal(r.body.state, 'pending_dispatch');
    assert.equal(r.body.holderUnit, null);

    const queue = await dispatcher.get('/api/orders?state=pending_dispatch&pageSize=200');
    assert.ok(queue.body.items.some((x: any) => x.id === o.id), 'the returned order is in the dispatch queue');
    const ret = r.body.events.find((e: any) => e.type === 'returned');
    assert.equal(ret.note, '属住建部门监管的在建工地，请改派');
    assert.equal(ret.actor.unit.code, 'cgj');

    const gone = await cgj.post(`/api/orders/${o.id}/sign-for`);
    assert.equal(gone.status, 403, 'the unit that returned it no longer holds it');
    assert.equal(gone.body.error, 'not_holder');

    const d2 = await dispatcher.post(`/api/orders/${o.id}/dispatch`, { leadUnitId: I.unit('zjj') });
    assert.equal(d2.status, 200);
    assert.equal(d2.body.counts.dispatch, 2);
    assert.equal(d2.body.counts.secondDispatch, 1);
    assert.equal(d2.body.counts.return, 1);
    assert.equal((await zjj.post(`/api/orders/${o.id}/sign-for`)).status, 200);
  });

  it('from a community goes back up to its street, not to the centre', async () => {
    const o = await dispatched({}, I.unit('st-chengyang'));
    assert.equal((await street.post(`/api/orders/${o.id}/sign-for`)).status, 200);
    const down = await street.post(`/api/orders/${o.id}/send-down`, { toUnitId: I.unit('cm-370214001001'), note: '请社区核实' });
    assert.equal(down.status, 200, JSON.stringify(down.body));
    assert.equal(down.body.holderUnit.code, 'cm-370214001001');
    assert.equal(down.body.state, 'dispatched');
    const sideways = await cgj.post(`/api/orders/${o.id}/send-down`, { toUnitId: I.unit('zjj') });
    assert.equal(sideways.status, 404, 'a unit that never held the order does not see it');
    assert.equal((await community.post(`/api/orders/${o.id}/sign-for`)).status, 200);
    const back = await community.post(`/api/orders/${o.id}/return`, { reason: '不在本社区辖区' });
    assert.equal(back.status, 200);
    assert.equal(back.body.state, 'handling');
    assert.equal(back.body.holderUnit.code, 'st-chengyang');
    assert.equal(back.body.counts.return, 0, 'an internal return is not a return to the centre');
  });

  it('refuses a send-down to a unit that is not below', async () => {
    const o = await dispatched();
    await cgj.post(`/api/orders/${o.id}/sign-for`);
    const r = await cgj.post(`/api/orders/${o.id}/send-down`, { toUnitId: I.unit('zjj') });
    assert.equal(r.status, 409);
    assert.equal(r.body.error, 'not_below');
  });
});

describe('extension', () => {
  it('moves the deadline when approved and not when refused', async () => {
    const o = await dispatched();
    await cgj.post(`/api/orders/${o.id}/sign-for`);
    const ask = await cgj.post(`/api/orders/${o.id}/extension`, { days: 5, reason: '需协调多部门联合执法' });
    assert.equal(ask.status, 200);
    assert.ok(ask.body.pendingExtension);
    assert.equal((await cgj.post(`/api/orders/${o.id}/extension`, { days: 2, reason: '再申请' })).status, 409, 'one pending request at a time');
    const ok = await dispatcher.post(`/api/orders/${o.id}/extension-decision`, { approve: true });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.handleDue, ask.body.pendingExtension.requestedDue);
    assert.ok(ok.body.handleDue > o.handleDue);
    assert.equal(ok.body.counts.extension, 1);

    await cgj.post(`/api/orders/${o.id}/extension`, { days: 3, reason: '仍需时间' });
    const noReason = await dispatcher.post(`/api/orders/${o.id}/extension-decision`, { approve: false });
    assert.equal(noReason.status, 409);
    const no = await dispatcher.post(`/api/orders/${o.id}/extension-decision`, { approve: false, note: '请按期办结' });
    assert.equal(no.status, 200);
    assert.equal(no.body.handleDue, ok.body.handleDue);
    assert.equal(no.body.pendingExtension, null);
  });
});

describe('unsatisfied callback', () => {
  it('reopens to the same unit, counts it, and closes once satisfied', async () => {
    const o = await dispatched();
    await cgj.post(`/api/orders/${o.id}/sign-for`);
    await cgj.post(`/api/orders/${o.id}/reply`, { result: '已责令整改' });
    const cb = await callback.post(`/api/orders/${o.id}/callback`, { satisfaction: 'unsatisfied', solved: false, note: '夜间仍在施工' });
    assert.equal(cb.body.state, 'called_back');
    const re = await callback.post(`/api/orders/${o.id}/reopen`, { reason: '问题未解决，诉求合理' });
    assert.equal(re.status, 200);
    assert.equal(re.body.state, 'dispatched');
    assert.equal(re.body.holderUnit.code, 'cgj', 'reopened to the same unit');
    assert.equal(re.body.counts.reopen, 1);
    await cgj.post(`/api/orders/${o.id}/sign-for`);
    await cgj.post(`/api/orders/${o.id}/reply`, { result: '已联合住建局现场督促停工，并安装噪声监测设备' });
    const cb2 = await callback.post(`/api/orders/${o.id}/callback`, { satisfaction: 'basically_satisfied', solved: true });
    assert.equal(cb2.status, 200);
    const c = await callback.post(`/api/orders/${o.id}/close`);
    assert.equal(c.body.state, 'closed');
    assert.equal(c.body.lastCallback.satisfaction, 'basically_satisfied');
  });

  it('needs a reason to close over an unsatisfied callback, and a listed order needs satisfaction', async () => {
    const o = await dispatched();
    assert.equal((await supervisor.post(`/api/orders/${o.id}/list`, { note: '群众反映强烈，挂牌督办' })).status, 200);
    await cgj.post(`/api/orders/${o.id}/sign-for`);
    await cgj.post(`/api/orders/${o.id}/reply`, { result: '已处理' });
    await callback.post(`/api/orders/${o.id}/callback`, { satisfaction: 'unsatisfied', solved: false });
    const c = await callback.post(`/api/orders/${o.id}/close`, { note: '已解释' });
    assert.equal(c.status, 409);
    assert.equal(c.body.error, 'listed_unsatisfied');
    const sup = await supervisor.post(`/api/orders/${o.id}/supervise`, { note: '请于三日内办结' });
    assert.equal(sup.status, 200);
    assert.equal(sup.body.counts.supervision, 2);
  });
});

describe('duplicates, withdrawal, reassignment', () => {
  it('merges a duplicate into its master', async () => {
    const master = await dispatched();
    const dup = await accepted();
    const m = await operator.post(`/api/orders/${dup.id}/merge`, { masterId: master.id, note: '同一工地同一事项' });
    assert.equal(m.status, 200);
    assert.equal(m.body.state, 'merged');
    assert.equal(m.body.masterId, master.id);
    const ms = await operator.get(`/api/orders/${master.id}`);
    assert.deepEqual(ms.body.duplicateIds, [dup.id]);
    assert.equal((await operator.post(`/api/orders/${dup.id}/merge`, { masterId: master.id })).status, 409, 'merged once');
    assert.equal((await operator.post(`/api/orders/${master.id}/merge`, { masterId: master.id })).status, 409);
  });

  it('withdraws before the reply, and reassigns a handling order', async () => {
    const o = await accepted();
    const w = await operator.post(`/api/orders/${o.id}/withdraw`, { reason: '市民来电表示问题已自行解决' });
    assert.equal(w.body.state, 'withdrawn');
    const o2 = await dispatched();
    const r = await dispatcher.post(`/api/orders/${o2.id}/reassign`, { leadUnitId: I.unit('zjj'), note: '改由住建局主办' });
    assert.equal(r.status, 200);
    assert.equal(r.body.leadUnit.code, 'zjj');
    assert.equal(r.body.counts.reassign, 1);
    assert.equal((await cgj.post(`/api/orders/${o2.id}/sign-for`)).status, 403, 'the old unit no longer holds it');
  });
});

describe('the resident', () => {
  it('submits on the portal, tracks by code and check, rates and asks to reopen', async () => {
    const sub = await tp.anon.post('/api/public/requests', {
      requestType: 'complaint', categoryId: I.category('020101'), title: '工地夜间施工',
      description: '正阳路工地夜间施工噪声扰民', caller: { name: '张三', phone: '13912345678', confidential: true },
      place: { territoryId: I.territory('37021400100101'), address: '正阳路 1 号' },
    });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    const code = sub.body.code;
    const wrong = await tp.anon.get(`/api/public/requests/${code}?check=0000`);
    assert.equal(wrong.status, 404);
    const t = await tp.anon.get(`/api/public/requests/${code}?check=5678`);
    assert.equal(t.status, 200);
    assert.equal(t.body.state, 'accepted');
    const text = JSON.stringify(t.body);
    assert.ok(!text.includes('13912345678') && !text.includes('张三') && !text.includes('正阳路 1 号'), 'no personal data in the public view');

    const staff = await operator.get(`/api/orders/${code}`);
    assert.equal(staff.body.channel, 'web');
    await dispatcher.post(`/api/orders/${code}/dispatch`, { leadUnitId: I.unit('cgj') });
    await cgj.post(`/api/orders/${code}/sign-for`);
    await cgj.post(`/api/orders/${code}/reply`, { result: '已责令停止夜间施工' });
    const t2 = await tp.anon.get(`/api/public/requests/${code}?check=5678`);
    assert.equal(t2.body.replies[0].text, '已责令停止夜间施工');
    assert.ok(t2.body.steps.some((s: any) => s.type === 'signed_for'));
    const rate = await tp.anon.post(`/api/public/requests/${code}/rate`, { check: '5678', satisfaction: 'unsatisfied', note: '还在施工' });
    assert.equal(rate.status, 200);
    const again = await tp.anon.post(`/api/public/requests/${code}/reopen-request`, { check: '5678', reason: '夜里还在施工' });
    assert.equal(again.status, 200);
    const seen = await callback.get(`/api/orders/${code}`);
    assert.equal(seen.body.reopenRequested, true);
    assert.equal(seen.body.residentRating.satisfaction, 'unsatisfied');
  });

  it('tracks an anonymous request with the generated secret', async () => {
    const sub = await tp.anon.post('/api/public/requests', { requestType: 'suggestion', title: '建议增设公交站', description: '建议在春阳路增设公交站点' });
    assert.equal(sub.status, 201);
    assert.match(sub.body.check, /^\d{6}$/);
    const t = await tp.anon.get(`/api/public/requests/${sub.body.code}?check=${sub.body.check}`);
    assert.equal(t.status, 200);
    assert.equal(t.body.title, '建议增设公交站');
  });
});
