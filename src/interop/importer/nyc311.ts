// The NYC 311 profile: service requests as NYC Open Data exports them (46 columns: Unique Key,
// Created Date, Closed Date, Agency, Complaint Type, Descriptor, Status, Resolution Description,
// Open Data Channel Type, Latitude, Longitude, …). A check that a foreign export maps cleanly:
// complaint types onto our categories and request types (the table below), agencies onto the
// demo city's units, New York wall-clock times (MM/DD/YYYY hh:mm:ss AM) onto instants, and every
// dirty row reported: closed before created, unmapped types or agencies, unreadable dates.
import type { Channel, RequestType } from '../../domain/types.ts';
import { parseUsDateTime } from '../time.ts';
import type { Draft } from './history.ts';
import { repairMojibake, RowIssues, type Lookup, type Profile, type RowResult } from './profile.ts';

const ZONE = 'America/New_York';

/** Agency -> the unit of the demo city (青岛市城阳区) that does that job. null: 311 itself answered. */
export const NYC_AGENCY_UNITS: Record<string, string | null> = {
  NYPD: 'gafj', // Police Department -> 公安分局
  HPD: 'zjj', // Housing Preservation & Development -> 住建局
  DOB: 'zjj', // Buildings -> 住建局
  DOT: 'jtj', // Transportation -> 交通运输局
  TLC: 'jtj', // Taxi & Limousine Commission -> 交通运输局
  EDC: 'jtj', // Economic Development Corp. (heliports, ferries) -> 交通运输局
  DSNY: 'cgj', // Sanitation -> 城管局
  DPR: 'cgj', // Parks & Recreation -> 城管局 (园林绿化)
  DEP: 'sthjj', // Environmental Protection -> 生态环境分局
  DOHMH: 'wjj', // Health & Mental Hygiene -> 卫健局
  DCA: 'scjgj', // Consumer Affairs -> 市场监管局
  DHS: 'mzj', // Homeless Services -> 民政局
  HRA: 'mzj', // Human Resources Administration (benefits) -> 民政局
  DFTA: 'mzj', // Department for the Aging -> 民政局
  DOITT: 'ut-telecom', // Information Technology & Telecommunications -> 通信运营商
  'NYC311-PRD': null, // 311 itself
  // DOF (Finance: property tax, parking fines) and DCAS have no counterpart in the demo city.
};

type Map311 = [category: string, requestType?: RequestType];

/** Complaint type (lower case) -> category code of the demo tree, and request type when not a complaint. */
export const NYC_COMPLAINT_TYPES: Record<string, Map311> = {
  // housing (HPD, DOB)
  'heat/hot water': ['100401'], 'non-residential heat': ['100401'], boilers: ['0703'],
  'unsanitary condition': ['010101'], general: ['010101'], appliance: ['010101'], 'paint/plaster': ['010201'],
  'door/window': ['010201'], 'flooring/stairs': ['010201'], 'outside building': ['010201'], plumbing: ['010202'],
  'water leak': ['010202'], safety: ['010204'], 'emergency response team (ert)': ['010204'], electric: ['100204'],
  electrical: ['100204'], elevator: ['070301'], 'general construction/plumbing': ['0104'], 'building/use': ['0104'],
  'special projects inspection team (spit)': ['0104'], 'real time enforcement': ['0104'],
  'investigations and discipline (iad)': ['110302', 'report'], 'borough office': ['110303', 'consult'],
  'special natural area district (snad)': ['110203'], 'hpd literature request': ['110303', 'consult'],
  // streets and traffic (DOT, NYPD, TLC)
  'illegal parking': ['030301'], 'blocked driveway': ['030301'], 'derelict vehicle': ['030301'], 'derelict vehicles': ['030301'],
  'abandoned vehicle': ['030301'], 'abandoned bike': ['010604'], traffic: ['030303'], 'traffic signal condition': ['030302'],
  'street sign - damaged': ['030304'], 'street sign - dangling': ['030304'], 'street sign - missing': ['030304'],
  'street condition': ['010502'], 'sidewalk condition': ['010502'], 'curb condition': ['010502'], 'highway condition': ['010502'],
  'bridge condition': ['010504'], 'street light condition': ['010501'], 'broken parking meter': ['010504'], 'broken muni meter': ['010504'],
  'outdoor dining': ['010601'], 'ferry inquiry': ['0301', 'consult'], 'for hire vehicle complaint': ['030203'],
  'taxi complaint': ['0302'], 'green taxi complaint': ['0302'], 'taxi licensee complaint': ['0302'], 'taxi report': ['0302', 'report'],
  'taxi compliment': ['110401', 'praise'], 'lost property': ['0302', 'help'],
  // noise
  'noise - residential': ['020102'], 'noise - street/sidewalk': ['020102'], 'noise - vehicle': ['020102'],
  'noise - house of worship': ['020102'], 'noise - park': ['020102'], 'noise - commercial': ['020103'],
  'noise - helicopter': ['0201'], noise: ['0201'], 'collection truck noise': ['0201'],
  // sanitation and city appearance (DSNY)
  graffiti: ['010602'], 'illegal posting': ['010602'], 'dirty condition': ['020404'], 'dirty conditions': ['020404'],
  'sanitation condition': ['020404'], 'street sweeping complaint': ['020404'], 'sweeping/missed': ['020404'], 'dead animal': ['020404'],
  'lot condition': ['020404'], 'snow or ice': ['020404'], 'missed collection (all materials)': ['020401'],
  'request large bulky item collection': ['020401', 'help'], 'litter basket request': ['020401', 'suggestion'],
  'illegal dumping': ['0204'], 'electronics waste appointment': ['020402', 'help'], 'commercial disposal complaint': ['020402'],
  'residential disposal complaint': ['020402'], obstruction: ['010601'], vending: ['010601'], 'mobile food vendor': ['070103'],
  'other enforcement': ['0106'], 'sanitation worker or vehicle complaint': ['110302'],
  // environment, water and sewers (DEP)
  'air quality': ['0202'], 'indoor air quality': ['0202'], asbestos: ['0202'], 'construction lead dust': ['020204'],
  'industrial waste': ['020301'], 'hazardous materials': ['080203'], 'oil or gas spill': ['080203'], sewer: ['100601'],
  'indoor sewage': ['100602'], 'water system': ['1001'], 'water quality': ['100103'], 'water conservation': ['1001', 'suggestion'],
  lead: ['0602'],
  // health (DOHMH)
  rodent: ['060202'], 'unsanitary animal pvt property': ['060202'], 'standing water': ['060202'], 'food establishment': ['070101'],
  'food poisoning': ['070101'], smoking: ['0602'], 'day care': ['060302'], tattooing: ['0704'], 'beach/pool/sauna complaint': ['050301'],
  'illegal animal kept as pet': ['0602'], 'unleashed dog': ['0602'],
  // parks and trees (DPR)
  'damaged tree': ['020501'], 'dead/dying tree': ['020501'], 'overgrown tree/branches': ['020501'], 'uprooted stump': ['020501'],
  'root/sewer/sidewalk condition': ['020501'], 'illegal tree damage': ['020502', 'report'], 'new tree request': ['0205', 'suggestion'],
  'maintenance or facility': ['020503'], 'violation of park rules': ['020503'], 'animal in a park': ['020503'], 'dpr internal': ['020503'],
  // public safety (NYPD)
  'non-emergency police matter': ['080101'], 'drug activity': ['080101', 'report'], 'illegal fireworks': ['080101', 'report'],
  'animal abuse': ['080101', 'report'], 'animal-abuse': ['080101', 'report'], panhandling: ['080101'], 'urinating in public': ['080101'],
  'bike/roller/skate chronic': ['080101'],
  // social services (DHS, HRA, DFTA) and the rest
  'homeless person assistance': ['090102', 'help'], encampment: ['090102', 'help'], 'benefit card replacement': ['0901', 'help'],
  "alzheimer's care": ['090203', 'consult'], 'housing - low income senior': ['090201', 'consult'], 'housing options': ['090201', 'consult'],
  'consumer complaint': ['0702'], 'dca / doh new license application request': ['110303', 'consult'], linknyc: ['100502'],
  question: ['110303', 'consult'],
};

const CHANNELS: Record<string, Channel> = { PHONE: 'phone', ONLINE: 'web', MOBILE: 'app' };
const OPEN_STATUSES = ['open', 'assigned', 'pending', 'in progress', 'started', 'email sent', 'unspecified'];
const WORKING = ['in progress', 'started'];

export const nyc311Profile: Profile = {
  name: 'nyc311',
  zh: '纽约 311 开放数据',
  required: ['Unique Key', 'Created Date', 'Closed Date', 'Agency', 'Complaint Type', 'Status'],
  read(row: number, v: Record<string, string>, l: Lookup): RowResult {
    const x = new RowIssues(row, v);
    const seen = new Map<string, string>();
    const get = (k: string) => {
      const known = seen.get(k);
      if (known !== undefined) return known;
      let s = (v[k] ?? '').trim();
      const fixed = s ? repairMojibake(s) : null;
      if (fixed !== null) {
        x.warn(k, '乱码已修复（UTF-8 被按 Latin-1 读过）', 'Mojibake repaired (UTF-8 read as Latin-1)');
        s = fixed;
      }
      seen.set(k, s);
      return s;
    };
    const time = (k: string): Date | null => {
      const s = get(k);
      if (!s) return null;
      const d = parseUsDateTime(s, ZONE);
      if (!d) x.error(k, '时间格式不正确，应为 MM/DD/YYYY hh:mm:ss AM（纽约时间）', 'Not a time: expected MM/DD/YYYY hh:mm:ss AM (New York time)');
      return d;
    };
    const key = get('Unique Key');
    if (!key) x.error('Unique Key', '必填项', 'Required');
    const created = time('Created Date');
    if (!get('Created Date')) x.error('Created Date', '必填项', 'Required');
    let closed = time('Closed Date');
    const updated = time('Resolution Action Updated Date');
    let due = time('Due Date');
    const status = get('Status').toLowerCase();

    const type = get('Complaint Type');
    const mapped = NYC_COMPLAINT_TYPES[type.toLowerCase()];
    const category = mapped ? l.category.get(mapped[0]) : undefined;
    if (!type) x.error('Complaint Type', '必填项', 'Required');
    else if (!mapped) x.error('Complaint Type', `投诉类型“${type}”没有对应的分类（映射表 NYC_COMPLAINT_TYPES）`, `Complaint type "${type}" has no category in the mapping`);
    else if (!category) x.error('Complaint Type', `映射到的分类 ${mapped[0]} 在本中心不存在`, `The mapped category ${mapped[0]} does not exist here`);

    const agency = get('Agency');
    let leadUnitId: number | null = null;
    if (!(agency in NYC_AGENCY_UNITS)) x.error('Agency', `机构“${agency}”没有对应的承办单位（映射表 NYC_AGENCY_UNITS）`, `Agency "${agency}" has no unit in the mapping`);
    else {
      const code = NYC_AGENCY_UNITS[agency];
      if (code) {
        const u = l.unit.get(code);
        if (!u) x.error('Agency', `映射到的单位 ${code} 在本中心不存在`, `The mapped unit ${code} does not exist here`);
        else leadUnitId = u.id;
      }
    }

    const isClosed = status === 'closed';
    if (!isClosed && !OPEN_STATUSES.includes(status)) x.error('Status', `不认识的状态“${get('Status')}”`, `Unknown status "${get('Status')}"`);
    if (isClosed && !get('Closed Date')) x.error('Closed Date', '状态为 Closed 但没有办结时间', 'Status is Closed but there is no closed date');
    if (created && closed) {
      if (closed < created) x.error('Closed Date', '办结时间早于受理时间', 'Closed before it was created');
      else if (isClosed && closed.getTime() === created.getTime()) x.warn('Closed Date', '受理即办结（时长为零）', 'Closed the moment it was created (zero duration)');
    }
    if (!isClosed && closed) {
      x.warn('Closed Date', `状态为 ${get('Status')} 却有办结时间，按未办结导入，忽略办结时间`, `Status ${get('Status')} with a closed date: imported as open, the closed date ignored`);
      closed = null;
    }
    if (due && created && due <= created) {
      x.warn('Due Date', '期限早于受理时间，忽略，按本中心时限规则计算', 'Due before created: ignored, our time-limit rules apply');
      due = null;
    }
    const resolution = get('Resolution Description') || null;
    if (isClosed && leadUnitId !== null && !resolution) x.warn('Resolution Description', '已办结但没有办理结果说明', 'Closed without a resolution description');
    const channelRaw = get('Open Data Channel Type').toUpperCase();
    const channel = CHANNELS[channelRaw] ?? 'api';
    const lat = Number(get('Latitude'));
    const lng = Number(get('Longitude'));
    const hasCoords = get('Latitude') !== '' && get('Longitude') !== '' && Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;

    if (x.errors.length || !created || !category) return { draft: null, errors: x.errors, warnings: x.warnings };
    const descriptor = get('Descriptor');
    const address = [get('Incident Address') || [get('Intersection Street 1'), get('Intersection Street 2')].filter(Boolean).join(' & '), get('City'), get('Borough'), get('Incident Zip')]
      .filter(Boolean).join(', ');
    const title = `${type}${descriptor ? ` - ${descriptor}` : ''}`.slice(0, 100);
    const description = [
      `${type}${descriptor ? `: ${descriptor}` : ''}`,
      get('Location Type') ? `Location type: ${get('Location Type')}` : '',
      address ? `Address: ${address}` : '',
      `NYC 311 #${key}, ${get('Agency Name') || agency}`,
    ].filter(Boolean).join('\n').slice(0, 5000);
    const replyAt = closed && updated && updated >= created && updated <= closed ? updated : closed;
    const externalRef: Record<string, string> = { source: 'nyc311', nyc311Key: key, nycAgency: agency, nycStatus: get('Status') };
    if (get('Due Date')) externalRef.nycDueDate = get('Due Date');
    const draft: Draft = {
      row, source: 'nyc311', sourceId: key, code: null, acceptedAt: created, channel, requestType: mapped![1] ?? 'complaint',
      categoryId: category.id, grade: 1, emergency: false, title, description,
      caller: { name: null, phone: null, anonymous: true, confidential: false },
      place: { territoryId: null, address: address.slice(0, 200) || null, lng: hasCoords ? lng : null, lat: hasCoords ? lat : null },
      externalRef, leadUnitId, assistUnitIds: [], registered: leadUnitId === null && !isClosed,
      dispatchedAt: leadUnitId !== null ? created : null, handleDue: due,
      signedAt: leadUnitId !== null && !isClosed && WORKING.includes(status) ? (updated && updated >= created ? updated : created) : null,
      repliedAt: leadUnitId !== null && isClosed ? replyAt : null,
      result: isClosed ? (resolution ?? '（原系统未记录办理结果）') : null,
      handlerName: get('Agency Name') || null, closedAt: isClosed ? closed : null, satisfaction: null, solved: null, withdrawnAt: null,
      columns: {
        acceptedAt: 'Created Date', dispatchedAt: 'Created Date', signedAt: 'Resolution Action Updated Date',
        repliedAt: replyAt === updated ? 'Resolution Action Updated Date' : 'Closed Date', closedAt: 'Closed Date',
      },
    };
    return { draft, errors: x.errors, warnings: x.warnings };
  },
};
