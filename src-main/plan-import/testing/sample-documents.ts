/**
 * Small plan documents in the numbering styles Chinese government documents use, for the importer's tests.
 * Each is written the way such files arrive: with the covering notice or web page around them.
 */

/** 一、（一）1.（1）, with units and deadlines named, inside a web page and a covering notice. */
export const CITY_ACTION_PLAN = `首页 > 政务公开 > 政策文件
太原市人民政府办公室关于印发《太原市深化区域融合发展三年行动方案（2023—2025年）》的通知
各县（市、区）人民政府，市人民政府各委、局、办：
现将《太原市深化区域融合发展三年行动方案（2023—2025年）》印发给你们，请认真贯彻执行。
太原市人民政府办公室
2023年3月1日
太原市深化区域融合发展三年行动方案（2023—2025年）
为深入落实《山西省“十四五”京津冀、长三角、大湾区等区域融合发展实现高水平崛起规划》，结合我市实际，制定本方案。
一、总体要求
（一）指导思想。坚持以习近平新时代中国特色社会主义思想为指导，全面融入重大国家战略。
（二）主要目标。到2025年，与三大区域合作项目累计签约额较2022年增长30%以上。
二、重点任务
（一）加快承接产业转移
1.建设承接产业转移示范区。推动综改示范区与京津冀共建产业园区。由省发展改革委牵头，省商务厅、省工信厅配合。2024年底前完成园区规划编制。
2.引进一批龙头企业。围绕新能源汽车、半导体等产业开展精准招商。（省商务厅牵头，太原市配合，2025年6月底前完成）
（二）推进交通互联互通
1.加密航线航班。
（1）新开通太原至长三角城市航线；
（2）提升太原至大湾区航班频次。
责任单位：省交通运输厅、民航山西监管局
完成时限：2025年底前
2.推进高铁通道建设，加快太原至雄安高铁前期工作。
三、保障措施
（一）加强组织领导。成立工作专班，统筹推进各项工作。建立月调度制度。
（二）强化督查考核。将任务落实情况纳入年度目标责任考核。
附件：重点任务分工表
相关新闻
`;

/** 第X章/第X节 with numbered measures (一、) instead of lead phrases. */
export const PROVINCIAL_CHAPTER_PLAN = `山西省“十五五”区域协调发展规划
前言
本规划明确2026年至2030年全省区域协调发展的总体要求和重点任务。
第一章 发展基础
“十四五”期间，区域合作不断深化。
第二章 重点任务
第一节 推进产业协作
一、共建产业园区。支持各市与京津冀共建产业园区。推动园区管理体制改革。
二、深化能源合作，保障能源供应。扩大晋电外送规模。由省能源局牵头，省发改委配合。
第二节 促进要素流动
一、畅通人才流动。建立人才柔性引进机制。
第三章 保障措施
第一节 加强组织实施
一、落实责任。各市要制定具体实施方案。
`;

/** Two levels only (一、 and 1.), the items running on into their sentences. */
export const TWO_LEVEL_PLAN = `大同市推进京津冀协同发展工作要点
一、产业协同
1.推进能源基地建设。扩大清洁能源外送。2024年上半年完成规划。
2.发展文化旅游。打造长城旅游带。
二、交通对接
1.加快大张高铁配套建设。完善站点周边路网。
`;

/** Headings by style only (given as outline levels by the docx tests), measures as lead phrases. */
export const STYLED_PLAN_PARAGRAPHS: { text: string; level: number | null; isTitle?: boolean }[] = [
  { text: '晋中市融入长三角发展实施方案', level: null, isTitle: true },
  { text: '本方案期限为2024—2026年。', level: null },
  { text: '总体要求', level: 1 },
  { text: '坚持开放合作，推动高质量发展。', level: null },
  { text: '重点任务', level: 1 },
  { text: '产业合作', level: 2 },
  { text: '承接纺织产业转移。建设纺织产业园。引进龙头企业。', level: null },
  { text: '发展数字经济。建设数据中心。', level: null },
  { text: '人才交流', level: 2 },
  { text: '引进高层次人才。与长三角高校共建实验室。', level: null },
];
