// The demo city: a district centre modelled on 青岛市城阳区 (seed 003).
// Plain typed data, no I/O. Street names and NBS codes are real; communities, grid cells,
// people, phone numbers and coordinates are plausible inventions for demonstration only.

import type { Limit, RequestType, Role, TerritoryLevel, UnitKind } from '../domain/types.ts';

export interface DemoTerritory {
  code: string;
  name: string;
  level: TerritoryLevel;
  parentCode: string | null;
  /** [lng, lat], WGS84. */
  center: [number, number];
}

export interface DemoUnit {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  tier: 1 | 2 | 3;
  dutyPhone: string;
  territoryCode: string | null;
}

export interface DemoUser {
  username: string;
  name: string;
  role: Role;
  unitCode: string;
}

export interface DemoCategory {
  code: string;
  name: string;
  parentCode: string | null;
}

export interface DemoRoutingRule {
  categoryCode: string;
  territoryCode: string | null;
  leadUnitCode: string;
  assistUnitCodes: string[];
}

export interface DemoTimeLimitRule {
  requestType: RequestType | null;
  categoryCode: string | null;
  grade: number | null;
  emergency: boolean | null;
  signFor: Limit;
  handle: Limit;
}

export const DEMO_PASSWORD = 'Minsheng@2026';

export const DISTRICT_CODE = '370214';

// ---------------------------------------------------------------------------
// Territory: district -> street -> community -> grid cell
// ---------------------------------------------------------------------------

interface StreetSource {
  code: string;
  name: string;
  slug: string;
  center: [number, number];
  communities: string[];
}

/** The 8 streets of 城阳区 with their NBS codes; community names are plausible. */
export const STREETS: readonly StreetSource[] = [
  { code: '370214001', name: '城阳街道', slug: 'chengyang', center: [120.3960, 36.3075], communities: ['后田社区', '前旺疃社区', '城子社区', '西田社区', '古庙头社区'] },
  { code: '370214002', name: '夏庄街道', slug: 'xiazhuang', center: [120.4310, 36.2560], communities: ['源头社区', '云头崮社区', '丹山社区', '少山社区'] },
  { code: '370214003', name: '流亭街道', slug: 'liuting', center: [120.3760, 36.2660], communities: ['赵红埠社区', '双埠社区', '仙家寨社区', '洼里社区'] },
  { code: '370214004', name: '棘洪滩街道', slug: 'jihongtan', center: [120.2800, 36.3760], communities: ['南万社区', '上沟社区', '下崖社区', '后海西社区'] },
  { code: '370214005', name: '上马街道', slug: 'shangma', center: [120.2350, 36.3400], communities: ['上马社区', '桃源社区', '南程哥庄社区', '毛家社区'] },
  { code: '370214008', name: '惜福镇街道', slug: 'xifuzhen', center: [120.4700, 36.3300], communities: ['惜福镇社区', '傅家埠社区', '书院社区', '石门社区'] },
  { code: '370214009', name: '红岛街道', slug: 'hongdao', center: [120.2650, 36.2300], communities: ['韩家社区', '宿流社区', '西大洋社区', '前阳社区'] },
  { code: '370214010', name: '河套街道', slug: 'hetao', center: [120.2250, 36.2800], communities: ['河套社区', '罗家营社区', '大涧社区', '前海西社区'] },
];

const GRID_NAMES = ['第一网格', '第二网格', '第三网格', '第四网格'] as const;

/** Fixed offsets (degrees) that spread communities around their street centre. */
const COMMUNITY_OFFSETS: ReadonlyArray<[number, number]> = [
  [0.012, 0.008], [-0.010, 0.011], [0.009, -0.012], [-0.013, -0.007], [0.002, 0.016],
];
const GRID_OFFSETS: ReadonlyArray<[number, number]> = [
  [0.0025, 0.0018], [-0.0022, 0.0024], [0.0020, -0.0026], [-0.0028, -0.0015],
];

const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;

function offset(c: [number, number], d: [number, number]): [number, number] {
  return [round5(c[0] + d[0]), round5(c[1] + d[1])];
}

function buildTerritories(): DemoTerritory[] {
  const out: DemoTerritory[] = [
    { code: DISTRICT_CODE, name: '城阳区', level: 'district', parentCode: null, center: [120.3960, 36.3075] },
  ];
  STREETS.forEach((s, si) => {
    out.push({ code: s.code, name: s.name, level: 'street', parentCode: DISTRICT_CODE, center: s.center });
    s.communities.forEach((name, ci) => {
      const code = `${s.code}${String(ci + 1).padStart(3, '0')}`;
      const cc = offset(s.center, COMMUNITY_OFFSETS[ci % COMMUNITY_OFFSETS.length]!);
      out.push({ code, name, level: 'community', parentCode: s.code, center: cc });
      const grids = 2 + ((si + ci) % 3); // 2..4 grid cells
      for (let gi = 0; gi < grids; gi++) {
        out.push({
          code: `${code}${String(gi + 1).padStart(2, '0')}`,
          name: GRID_NAMES[gi]!,
          level: 'grid',
          parentCode: code,
          center: offset(cc, GRID_OFFSETS[gi]!),
        });
      }
    });
  });
  return out;
}

export const territories: DemoTerritory[] = buildTerritories();

// ---------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------

const CENTRE = 'centre';

const departments: DemoUnit[] = [
  // tier 1: 24h duty with a leader, takes emergencies
  { code: 'gafj', name: '青岛市公安局城阳分局', kind: 'department', parentCode: CENTRE, tier: 1, dutyPhone: '0532-87865110', territoryCode: null },
  { code: 'yjj', name: '城阳区应急管理局', kind: 'department', parentCode: CENTRE, tier: 1, dutyPhone: '0532-87861203', territoryCode: null },
  { code: 'swj', name: '城阳区水务局', kind: 'department', parentCode: CENTRE, tier: 1, dutyPhone: '0532-87862417', territoryCode: null },
  { code: 'cgj', name: '城阳区城市管理局(区综合行政执法局)', kind: 'department', parentCode: CENTRE, tier: 1, dutyPhone: '0532-87867319', territoryCode: null },
  { code: 'zjj', name: '城阳区住房和城乡建设局', kind: 'department', parentCode: CENTRE, tier: 1, dutyPhone: '0532-87863025', territoryCode: null },
  { code: 'wjj', name: '城阳区卫生健康局', kind: 'department', parentCode: CENTRE, tier: 1, dutyPhone: '0532-87866120', territoryCode: null },
  // tier 2: someone always on duty
  { code: 'sthjj', name: '青岛市生态环境局城阳分局', kind: 'department', parentCode: CENTRE, tier: 2, dutyPhone: '0532-87868369', territoryCode: null },
  { code: 'scjgj', name: '城阳区市场监督管理局', kind: 'department', parentCode: CENTRE, tier: 2, dutyPhone: '0532-87869315', territoryCode: null },
  { code: 'jtj', name: '城阳区交通运输局', kind: 'department', parentCode: CENTRE, tier: 2, dutyPhone: '0532-87860587', territoryCode: null },
  { code: 'rsj', name: '城阳区人力资源和社会保障局', kind: 'department', parentCode: CENTRE, tier: 2, dutyPhone: '0532-87861333', territoryCode: null },
  { code: 'jyj', name: '城阳区教育和体育局', kind: 'department', parentCode: CENTRE, tier: 2, dutyPhone: '0532-87864560', territoryCode: null },
  { code: 'mzj', name: '城阳区民政局', kind: 'department', parentCode: CENTRE, tier: 2, dutyPhone: '0532-87862279', territoryCode: null },
  { code: 'zrzyj', name: '城阳区自然资源局', kind: 'department', parentCode: CENTRE, tier: 2, dutyPhone: '0532-87863691', territoryCode: null },
  // tier 3: reachable at all times
  { code: 'nyncj', name: '城阳区农业农村局', kind: 'department', parentCode: CENTRE, tier: 3, dutyPhone: '0532-87865402', territoryCode: null },
  { code: 'wlj', name: '城阳区文化和旅游局', kind: 'department', parentCode: CENTRE, tier: 3, dutyPhone: '0532-87867718', territoryCode: null },
  { code: 'ybj', name: '城阳区医疗保障局', kind: 'department', parentCode: CENTRE, tier: 3, dutyPhone: '0532-87868236', territoryCode: null },
  { code: 'tyjrj', name: '城阳区退役军人事务局', kind: 'department', parentCode: CENTRE, tier: 3, dutyPhone: '0532-87869081', territoryCode: null },
  { code: 'xfj', name: '城阳区信访局', kind: 'department', parentCode: CENTRE, tier: 3, dutyPhone: '0532-87860146', territoryCode: null },
];

const STREET_PHONES = ['0532-87866001', '0532-87711002', '0532-87701003', '0532-87821004', '0532-87831005', '0532-87841006', '0532-87851007', '0532-87891008'];

/** Unit code of the street unit for a street territory code. */
export function streetUnitCode(streetCode: string): string {
  const s = STREETS.find((x) => x.code === streetCode);
  if (!s) throw new Error(`unknown street ${streetCode}`);
  return `st-${s.slug}`;
}

const streets: DemoUnit[] = STREETS.map((s, i) => ({
  code: `st-${s.slug}`,
  name: `城阳区${s.name}办事处`,
  kind: 'street' as const,
  parentCode: CENTRE,
  tier: 1 as const,
  dutyPhone: STREET_PHONES[i]!,
  territoryCode: s.code,
}));

/** Two community units per street (the first two communities of each street). */
const communities: DemoUnit[] = STREETS.flatMap((s, si) =>
  s.communities.slice(0, 2).map((name, ci) => {
    const code = `${s.code}${String(ci + 1).padStart(3, '0')}`;
    return {
      code: `cm-${code}`,
      name: `${s.name}${name}居民委员会`,
      kind: 'community' as const,
      parentCode: `st-${s.slug}`,
      tier: 3 as const,
      dutyPhone: `0532-8${String(7720000 + si * 1000 + ci * 37 + 11)}`,
      territoryCode: code,
    };
  }),
);

const utilities: DemoUnit[] = [
  { code: 'ut-water', name: '城阳水务集团有限公司(供水服务)', kind: 'utility', parentCode: CENTRE, tier: 1, dutyPhone: '0532-87713966', territoryCode: null },
  { code: 'ut-power', name: '国网青岛市城阳区供电公司', kind: 'utility', parentCode: CENTRE, tier: 1, dutyPhone: '0532-87865595', territoryCode: null },
  { code: 'ut-gas', name: '青岛能源华润燃气城阳分公司', kind: 'utility', parentCode: CENTRE, tier: 1, dutyPhone: '0532-87896119', territoryCode: null },
  { code: 'ut-heat', name: '城阳区热电供热有限公司', kind: 'utility', parentCode: CENTRE, tier: 2, dutyPhone: '0532-87728812', territoryCode: null },
  { code: 'ut-telecom', name: '城阳区通信运营商联合服务组(移动/联通/电信城阳分公司)', kind: 'utility', parentCode: CENTRE, tier: 3, dutyPhone: '0532-87710086', territoryCode: null },
];

const companies: DemoUnit[] = [
  { code: 'co-bus', name: '青岛城阳公交有限公司', kind: 'company', parentCode: CENTRE, tier: 2, dutyPhone: '0532-87720956', territoryCode: null },
  { code: 'co-property', name: '城阳城投物业服务有限公司', kind: 'company', parentCode: CENTRE, tier: 3, dutyPhone: '0532-87735520', territoryCode: null },
];

export const units: DemoUnit[] = [
  { code: CENTRE, name: '12345 城阳区政务服务便民热线中心', kind: 'centre', parentCode: null, tier: 1, dutyPhone: '0532-87812345', territoryCode: DISTRICT_CODE },
  ...departments,
  ...streets,
  ...communities,
  ...utilities,
  ...companies,
];

// ---------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------

const centreUsers: DemoUser[] = [
  { username: 'operator1', name: '王晓燕', role: 'operator', unitCode: CENTRE },
  { username: 'operator2', name: '李婷', role: 'operator', unitCode: CENTRE },
  { username: 'operator3', name: '孙雪梅', role: 'operator', unitCode: CENTRE },
  { username: 'dispatcher1', name: '张建国', role: 'dispatcher', unitCode: CENTRE },
  { username: 'dispatcher2', name: '刘倩', role: 'dispatcher', unitCode: CENTRE },
  { username: 'callback1', name: '赵丽娜', role: 'callback_agent', unitCode: CENTRE },
  { username: 'supervisor1', name: '周海涛', role: 'supervisor', unitCode: CENTRE },
  { username: 'leader1', name: '陈立新', role: 'leader', unitCode: CENTRE },
  { username: 'admin1', name: '郭伟民', role: 'admin', unitCode: CENTRE },
];

const HANDLER_NAMES: Record<string, string> = {
  gafj: '于洪波', yjj: '高振东', swj: '姜文华', cgj: '宋志强', zjj: '林大鹏', wjj: '曲慧敏',
  sthjj: '韩磊', scjgj: '徐晓东', jtj: '马俊杰', rsj: '董美玲', jyj: '杨春华', mzj: '纪红梅',
  zrzyj: '孔祥瑞', nyncj: '吕明亮', wlj: '薛静', ybj: '邵丽华', tyjrj: '袁卫东', xfj: '崔建华',
  'st-chengyang': '丁磊', 'st-xiazhuang': '匡永刚', 'st-liuting': '邢晓光', 'st-jihongtan': '臧海燕',
  'st-shangma': '毛德胜', 'st-xifuzhen': '傅玉兰', 'st-hongdao': '宿志军', 'st-hetao': '隋丽丽',
  'cm-370214001001': '黄秀英', 'cm-370214002001': '王桂芳', 'cm-370214003001': '赵学军',
  'cm-370214004001': '刘凤霞', 'cm-370214005001': '孙立平', 'cm-370214008001': '李振华',
  'cm-370214009001': '韩玉梅', 'cm-370214010001': '罗永胜',
  'ut-water': '程伟', 'ut-power': '王建军', 'ut-gas': '田永强', 'ut-heat': '秦晓峰', 'ut-telecom': '贾琳',
  'co-bus': '蒋明', 'co-property': '孟凡超',
};

const handlerUsers: DemoUser[] = Object.entries(HANDLER_NAMES).map(([unitCode, name]) => ({
  username: `handler-${unitCode}`,
  name,
  role: 'unit_handler' as const,
  unitCode,
}));

export const users: DemoUser[] = [...centreUsers, ...handlerUsers];

// ---------------------------------------------------------------------------
// Category tree: 3 levels, hand-written for the demo
// ---------------------------------------------------------------------------

type Tree = Array<[code: string, name: string, Array<[code: string, name: string, Array<[code: string, name: string]>]>]>;

const TREE: Tree = [
  ['01', '城乡建设', [
    ['0101', '物业管理', [['010101', '物业服务质量'], ['010102', '物业收费'], ['010103', '公共维修资金'], ['010104', '业主委员会']]],
    ['0102', '房屋建筑', [['010201', '房屋质量'], ['010202', '房屋渗漏'], ['010203', '老旧小区改造'], ['010204', '房屋安全隐患']]],
    ['0103', '房产交易', [['010301', '商品房延期交付'], ['010302', '不动产权证办理'], ['010303', '房屋租赁'], ['010304', '房产中介']]],
    ['0104', '违法建设', [['010401', '违章搭建'], ['010402', '违规装修破坏承重结构'], ['010403', '农村违法建房']]],
    ['0105', '市政设施', [['010501', '路灯不亮'], ['010502', '道路破损'], ['010503', '井盖缺失破损'], ['010504', '护栏及公共设施损坏']]],
    ['0106', '市容秩序', [['010601', '占道经营'], ['010602', '乱贴乱画'], ['010603', '户外广告招牌'], ['010604', '共享单车乱停放'], ['010605', '渣土运输遗撒']]],
  ]],
  ['02', '环境保护', [
    ['0201', '噪声污染', [['020101', '施工噪声'], ['020102', '社会生活噪声'], ['020103', '商业经营噪声'], ['020104', '工业噪声']]],
    ['0202', '大气污染', [['020201', '工业废气'], ['020202', '餐饮油烟'], ['020203', '露天焚烧'], ['020204', '扬尘污染']]],
    ['0203', '水污染', [['020301', '企业违法排污'], ['020302', '河道污染'], ['020303', '生活污水直排']]],
    ['0204', '环境卫生', [['020401', '垃圾清运不及时'], ['020402', '垃圾分类'], ['020403', '公厕管理'], ['020404', '道路清扫保洁']]],
    ['0205', '园林绿化', [['020501', '树木修剪'], ['020502', '绿地损毁'], ['020503', '公园管理']]],
  ]],
  ['03', '交通运输', [
    ['0301', '公共交通', [['030101', '公交线路调整'], ['030102', '公交服务态度'], ['030103', '公交站点设置'], ['030104', '公交车辆运营']]],
    ['0302', '出租车网约车', [['030201', '拒载绕路'], ['030202', '出租车乱收费'], ['030203', '网约车服务']]],
    ['0303', '道路交通管理', [['030301', '违章停车'], ['030302', '交通信号灯'], ['030303', '交通拥堵'], ['030304', '交通标志标线']]],
    ['0304', '道路建设', [['030401', '断头路'], ['030402', '道路施工进度'], ['030403', '农村公路']]],
  ]],
  ['04', '劳动和社会保障', [
    ['0401', '劳动关系', [['040101', '拖欠工资'], ['040102', '劳动合同'], ['040103', '加班与休假'], ['040104', '解除劳动关系补偿']]],
    ['0402', '社会保险', [['040201', '养老保险'], ['040202', '失业保险'], ['040203', '工伤保险'], ['040204', '社保卡']]],
    ['0403', '就业创业', [['040301', '就业招聘'], ['040302', '创业扶持'], ['040303', '职业技能培训']]],
    ['0404', '医疗保障', [['040401', '医保报销'], ['040402', '居民医保参保缴费'], ['040403', '异地就医备案']]],
    ['0405', '住房公积金', [['040501', '公积金提取'], ['040502', '公积金贷款'], ['040503', '公积金缴存']]],
  ]],
  ['05', '教育文体', [
    ['0501', '学前教育', [['050101', '幼儿园入园'], ['050102', '幼儿园收费'], ['050103', '普惠性幼儿园']]],
    ['0502', '义务教育', [['050201', '学区划分'], ['050202', '入学报名'], ['050203', '课后服务'], ['050204', '学校管理'], ['050205', '校外培训机构']]],
    ['0503', '文化体育', [['050301', '文体设施'], ['050302', '文化活动'], ['050303', '娱乐场所管理']]],
  ]],
  ['06', '卫生计生', [
    ['0601', '医疗服务', [['060101', '医疗服务态度'], ['060102', '医疗纠纷'], ['060103', '医疗收费'], ['060104', '社区卫生服务']]],
    ['0602', '公共卫生', [['060201', '疫苗接种'], ['060202', '病媒生物防制'], ['060203', '传染病防控']]],
    ['0603', '生育服务', [['060301', '生育登记'], ['060302', '托育服务'], ['060303', '出生医学证明']]],
  ]],
  ['07', '商贸旅游与市场监管', [
    ['0701', '食品安全', [['070101', '餐饮卫生'], ['070102', '过期变质食品'], ['070103', '无证经营食品']]],
    ['0702', '消费维权', [['070201', '预付卡退费'], ['070202', '商品质量'], ['070203', '售后服务'], ['070204', '价格欺诈']]],
    ['0703', '特种设备', [['070301', '电梯故障'], ['070302', '游乐设施安全']]],
    ['0704', '市场秩序', [['070401', '无照经营'], ['070402', '虚假广告'], ['070403', '农贸市场管理']]],
    ['0705', '旅游市场', [['070501', '旅游投诉'], ['070502', '景区管理']]],
  ]],
  ['08', '公共安全', [
    ['0801', '治安与户政', [['080101', '治安隐患'], ['080102', '电信诈骗'], ['080103', '户籍办理'], ['080104', '居住证办理']]],
    ['0802', '安全生产', [['080201', '企业安全隐患'], ['080202', '消防通道占用'], ['080203', '危险化学品']]],
    ['0803', '防灾减灾', [['080301', '积水内涝'], ['080302', '地质灾害隐患'], ['080303', '防汛防台']]],
    ['0804', '矛盾纠纷', [['080401', '邻里纠纷'], ['080402', '家庭纠纷'], ['080403', '物业与业主纠纷']]],
  ]],
  ['09', '民政与社会服务', [
    ['0901', '社会救助', [['090101', '低保申请'], ['090102', '临时救助'], ['090103', '特困供养']]],
    ['0902', '养老服务', [['090201', '养老机构'], ['090202', '高龄补贴'], ['090203', '居家养老服务']]],
    ['0903', '残疾人服务', [['090301', '残疾人证办理'], ['090302', '无障碍设施']]],
    ['0904', '婚姻殡葬', [['090401', '婚姻登记'], ['090402', '殡葬服务']]],
    ['0905', '退役军人服务', [['090501', '优抚待遇'], ['090502', '退役安置']]],
  ]],
  ['10', '水电气热', [
    ['1001', '供水', [['100101', '停水'], ['100102', '水压不足'], ['100103', '水质问题'], ['100104', '水费水表']]],
    ['1002', '供电', [['100201', '停电'], ['100202', '电压不稳'], ['100203', '电费电表'], ['100204', '线路隐患']]],
    ['1003', '燃气', [['100301', '燃气开通'], ['100302', '燃气泄漏'], ['100303', '燃气费']]],
    ['1004', '供热', [['100401', '暖气不热'], ['100402', '供热收费'], ['100403', '供热管道漏水']]],
    ['1005', '通信', [['100501', '手机信号差'], ['100502', '宽带故障'], ['100503', '通信资费']]],
    ['1006', '排水', [['100601', '下水道堵塞'], ['100602', '污水外溢']]],
  ]],
  ['11', '其他', [
    ['1101', '农业农村', [['110101', '农业补贴'], ['110102', '动物防疫'], ['110103', '农村人居环境']]],
    ['1102', '自然资源', [['110201', '征地补偿'], ['110202', '非法占地'], ['110203', '规划审批']]],
    ['1103', '政务服务', [['110301', '办事效率'], ['110302', '工作作风'], ['110303', '政策咨询']]],
    ['1104', '综合事项', [['110401', '表扬感谢'], ['110402', '意见建议'], ['110403', '其他事项']]],
  ]],
];

function buildCategories(): DemoCategory[] {
  const out: DemoCategory[] = [];
  for (const [c1, n1, l2] of TREE) {
    out.push({ code: c1, name: n1, parentCode: null });
    for (const [c2, n2, l3] of l2) {
      out.push({ code: c2, name: n2, parentCode: c1 });
      for (const [c3, n3] of l3) out.push({ code: c3, name: n3, parentCode: c2 });
    }
  }
  return out;
}

export const categories: DemoCategory[] = buildCategories();

// ---------------------------------------------------------------------------
// Routing rules
// ---------------------------------------------------------------------------

const r = (categoryCode: string, leadUnitCode: string, assistUnitCodes: string[] = []): DemoRoutingRule => ({
  categoryCode, territoryCode: null, leadUnitCode, assistUnitCodes,
});

/** Default rules: every second-level category, plus more specific third-level ones. */
const defaultRules: DemoRoutingRule[] = [
  // 城乡建设
  r('0101', 'zjj'),
  r('010103', 'zjj'),
  r('0102', 'zjj'),
  r('010203', 'zjj', ['cgj']),
  r('0103', 'zjj', ['zrzyj']),
  r('010302', 'zrzyj', ['zjj']),
  r('010304', 'zjj', ['scjgj']),
  r('0104', 'cgj', ['zjj']),
  r('010402', 'zjj', ['cgj']),
  r('010403', 'zrzyj', ['cgj']),
  r('0105', 'cgj'),
  r('0106', 'cgj'),
  r('010604', 'cgj', ['gafj']),
  r('010605', 'cgj', ['zjj']),
  // 环境保护
  r('0201', 'sthjj', ['cgj']),
  r('020101', 'cgj', ['zjj']),
  r('020102', 'gafj'),
  r('0202', 'sthjj'),
  r('020202', 'cgj', ['sthjj']),
  r('020203', 'cgj', ['sthjj']),
  r('020204', 'zjj', ['cgj', 'sthjj']),
  r('0203', 'sthjj', ['swj']),
  r('020303', 'swj', ['sthjj']),
  r('0204', 'cgj'),
  r('0205', 'cgj'),
  // 交通运输
  r('0301', 'co-bus', ['jtj']),
  r('030101', 'jtj', ['co-bus']),
  r('0302', 'jtj'),
  r('0303', 'gafj', ['cgj']),
  r('0304', 'zjj', ['zrzyj']),
  r('030403', 'jtj'),
  // 劳动和社会保障
  r('0401', 'rsj'),
  r('040101', 'rsj', ['zjj']),
  r('0402', 'rsj'),
  r('0403', 'rsj'),
  r('0404', 'ybj'),
  r('0405', 'zjj'),
  // 教育文体
  r('0501', 'jyj'),
  r('0502', 'jyj'),
  r('050205', 'jyj', ['scjgj']),
  r('0503', 'wlj', ['jyj']),
  r('050301', 'jyj', ['wlj']),
  // 卫生计生
  r('0601', 'wjj'),
  r('060103', 'wjj', ['ybj']),
  r('0602', 'wjj'),
  r('060202', 'wjj', ['cgj']),
  r('0603', 'wjj'),
  // 商贸旅游与市场监管
  r('0701', 'scjgj'),
  r('0702', 'scjgj'),
  r('0703', 'scjgj'),
  r('070301', 'scjgj', ['zjj']),
  r('0704', 'scjgj'),
  r('0705', 'wlj', ['scjgj']),
  // 公共安全
  r('0801', 'gafj'),
  r('0802', 'yjj'),
  r('080202', 'yjj', ['gafj']),
  r('0803', 'yjj'),
  r('080301', 'swj', ['cgj', 'yjj']),
  r('080302', 'zrzyj', ['yjj']),
  r('0804', 'gafj'),
  r('080403', 'zjj', ['gafj']),
  // 民政与社会服务
  r('0901', 'mzj'),
  r('0902', 'mzj'),
  r('0903', 'mzj'),
  r('090302', 'zjj', ['mzj']),
  r('0904', 'mzj'),
  r('0905', 'tyjrj'),
  // 水电气热
  r('1001', 'ut-water', ['swj']),
  r('1002', 'ut-power'),
  r('1003', 'ut-gas', ['zjj']),
  r('100302', 'ut-gas', ['yjj', 'gafj']),
  r('1004', 'ut-heat', ['cgj']),
  r('1005', 'ut-telecom'),
  r('1006', 'swj', ['cgj']),
  // 其他
  r('1101', 'nyncj'),
  r('1102', 'zrzyj'),
  r('110202', 'zrzyj', ['cgj']),
  r('1103', 'xfj'),
  r('1104', 'xfj'),
];

/** Territorial matters (属地管理): the street leads, the department assists. */
const TERRITORIAL: Array<[categoryCode: string, assistUnitCodes: string[]]> = [
  ['0204', ['cgj']], // 环境卫生
  ['010401', ['cgj']], // 违章搭建
  ['010601', ['cgj']], // 占道经营
  ['010101', ['zjj']], // 物业服务质量
  ['0804', ['gafj']], // 矛盾纠纷 (邻里纠纷 etc.)
  ['110103', ['nyncj']], // 农村人居环境
];

const territorialRules: DemoRoutingRule[] = TERRITORIAL.flatMap(([categoryCode, assist]) =>
  STREETS.map((s) => ({
    categoryCode,
    territoryCode: s.code,
    leadUnitCode: `st-${s.slug}`,
    assistUnitCodes: assist,
  })),
);

export const routingRules: DemoRoutingRule[] = [...defaultRules, ...territorialRules];

// ---------------------------------------------------------------------------
// Time-limit rules (seed 001 defaults); the most specific match wins.
// ---------------------------------------------------------------------------

const wd = (value: number): Limit => ({ value, unit: 'workdays' });
const hours = (value: number): Limit => ({ value, unit: 'hours' });

export const timeLimitRules: DemoTimeLimitRule[] = [
  // fallback for anything not matched below
  { requestType: null, categoryCode: null, grade: null, emergency: null, signFor: wd(1), handle: wd(10) },
  { requestType: 'consult', categoryCode: null, grade: null, emergency: null, signFor: wd(1), handle: wd(5) },
  { requestType: 'help', categoryCode: null, grade: null, emergency: null, signFor: wd(1), handle: wd(7) },
  { requestType: 'complaint', categoryCode: null, grade: null, emergency: null, signFor: wd(1), handle: wd(10) },
  { requestType: 'report', categoryCode: null, grade: null, emergency: null, signFor: wd(1), handle: wd(10) },
  { requestType: 'suggestion', categoryCode: null, grade: null, emergency: null, signFor: wd(1), handle: wd(10) },
  { requestType: 'praise', categoryCode: null, grade: null, emergency: null, signFor: wd(1), handle: wd(5) },
  { requestType: 'other', categoryCode: null, grade: null, emergency: null, signFor: wd(1), handle: wd(5) },
  // utilities: water, power, gas, heating, telecom, drainage consults answered within 1 workday
  { requestType: 'consult', categoryCode: '10', grade: null, emergency: null, signFor: wd(1), handle: wd(1) },
  // grade 4: difficult or multi-unit
  { requestType: null, categoryCode: null, grade: 4, emergency: null, signFor: wd(1), handle: wd(15) },
  // emergencies run in clock hours
  { requestType: null, categoryCode: null, grade: null, emergency: true, signFor: hours(1), handle: hours(24) },
];
