/**
 * Documents in the shapes offices hold besides plans in 第X章 form — 重点任务分工方案, 实施方案, 行动计划 and 任务分工台账
 * in Word tables or Excel — written for the importer's tests (invented text in the usual wording, not copies of real
 * documents). Each comes with the unit names it states, as written, for the recall and precision of unit proposals.
 */

/**
 * A provincial 分工方案: a two-line title under a web page, a cited document that is not the title, principles that
 * are not tasks, a heading-only item followed by paragraphs, responsibility lines on their own line (one in brackets
 * with brackets inside, none with closing punctuation), a number running into the text, and a 落款.
 */
export const DIVISION_PLAN = `当前位置：首页 > 政府信息公开 > 政策文件
字号：大 中 小
山西省推进职业教育与产业协同发展
重点任务分工方案
为贯彻落实《关于推动现代职业教育高质量发展的意见》，结合我省实际，制定本方案。
一、指导思想
坚持以服务产业发展为宗旨，以促进就业为导向，深化产教融合、校企合作。
二、基本原则
坚持政府统筹、行业指导、企业参与。坚持需求导向、分类推进。
三、工作目标
到2027年，建成一批高水平职业院校和专业群，职业教育与产业发展的匹配度明显提高。
四、重点任务
（一）完善职业教育体系
围绕产业转型升级需要，重点做好以下工作：优化职业院校布局，推动每个设区市至少建设1所高水平职业院校。
加强中高职衔接，扩大五年一贯制招生规模。推进职业本科教育试点。
牵头单位：省教育厅
配合单位：省发展改革委、省财政厅、省人力资源社会保障厅
（二）深化产教融合
1.建设市域产教联合体。支持各市依托开发区组建产教联合体。
(责任单位：省教育厅、省工业和信息化厅、各县（市、区）人民政府、各开发区管委会)
2.培育产教融合型企业。到2025年培育省级产教融合型企业200家，落实税费优惠政策。
责任单位：省发展改革委、省教育厅、省工业和信息化厅
3.共建实训基地。推动文旅企业与院校共建实训基地（省文化和旅游厅牵头，省教育厅配合）。
4.建设技能大师工作室。每年新建技能大师工作室30个。
（责任单位：省人力资源社会保障厅，各市人民政府）
5.121人才梯队项目。实施技能人才“121”梯队培养计划，2026年底前培养高技能领军人才100名。
（责任单位：市直各有关单位、各县（市、区）人民政府、各开发区管委会）
五、保障措施
（一）加强组织领导。建立省级职业教育工作联席会议制度，统筹解决重大问题。
（二）强化经费保障。落实生均拨款制度（省财政厅负责）。
山西省人民政府办公厅
2024年5月10日
`;

/** The unit names DIVISION_PLAN states (as the unit list writes them when it has them). */
export const DIVISION_PLAN_UNITS = [
  '省教育厅',
  '省发展改革委',
  '省财政厅',
  '省人力资源社会保障厅',
  '省工业和信息化厅',
  '各县（市、区）人民政府',
  '各开发区管委会',
  '省文化和旅游厅',
  '各市人民政府',
  '市直各有关单位',
];

/**
 * A city 行动计划 with responsibility in brackets after its sentences in every usual form, some after the full stop
 * (they belong to the sentence before), unit names holding 和, the set 各区、县级市, a repeated copy of the document
 * from the web page, and no period anywhere (the preview must ask for it).
 */
export const CITY_BRACKET_PLAN = `太原市文化旅游融合发展行动计划
一、打造文化旅游品牌
（一）培育精品线路
1.推出晋阳古城精品旅游线路10条。（牵头单位：市文化和旅游局，配合单位：市发展改革委、市财政局）编制全域旅游地图。（市文化和旅游局、市自然资源和规划局负责）
2.举办文化旅游推介活动。每年赴京津冀、长三角开展推介活动不少于4场（市文化和旅游局牵头，市商务局配合）。
（二）提升服务质量
1.开展导游和讲解员培训。年培训1000人次（市人力资源和社会保障局牵头，各区、县级市配合）。
2.推进智慧景区建设。（市工业和信息化局指导）完成A级景区智慧化改造。（各区、县级市负责）
二、强化要素保障
1.落实用地保障。（市自然资源和规划局牵头，2025年6月底前完成）
2.加大金融支持。引导金融机构开发文旅信贷产品（市地方金融监督管理局负责）。
太原市文化旅游融合发展行动计划
一、打造文化旅游品牌
责任编辑：王某
`;

export const CITY_BRACKET_PLAN_UNITS = [
  '市文化和旅游局',
  '市发展改革委',
  '市财政局',
  '市自然资源和规划局',
  '市商务局',
  '市人力资源和社会保障局',
  '各区、县级市',
  '市工业和信息化局',
  '市地方金融监督管理局',
];

/** The columns of a 任务分工表 (台账) as offices write them. */
export const DIVISION_TABLE_HEADER = ['序号', '重点任务', '具体任务', '牵头单位', '配合单位', '完成时限'];

/**
 * The rows of a 分工表, with `null` where a merged cell continues the one above it (重点任务 and 牵头单位 span rows).
 * The same rows make the Word table and the Excel 台账.
 */
export const DIVISION_TABLE_ROWS: (string | null)[][] = [
  ['1', '推动产业协作', '共建晋京产业合作园区，引进京津冀企业50家以上。', '省发展改革委', '省商务厅、省工业和信息化厅', '2025年底前'],
  ['2', null, '建立跨区域产业链供需对接平台。', null, '省工业和信息化厅和省商务厅', '2024年12月'],
  ['3', '深化文旅合作', '联合推出跨省文旅精品线路，开展联合营销。', '省文化和旅游厅', '各市人民政府', '长期坚持'],
  ['4', null, '互认旅游年票和景区优惠政策。', null, '市人力资源和社会保障局', '2025年6月30日前'],
  ['5', '加强人才交流', '实施“晋才晋用”柔性引才计划，全职引进高层次人才。', '省委组织部', '省人力资源社会保障厅、省科技厅', '2025年'],
];

/** Names the table states. */
export const DIVISION_TABLE_UNITS = [
  '省发展改革委',
  '省商务厅',
  '省工业和信息化厅',
  '省文化和旅游厅',
  '各市人民政府',
  '市人力资源和社会保障局',
  '省委组织部',
  '省人力资源社会保障厅',
  '省科技厅',
];

export const DIVISION_TABLE_TITLE = '山西省区域融合发展2024—2025年重点任务分工表';
