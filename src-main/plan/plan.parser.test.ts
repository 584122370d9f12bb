import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlan, PlanParseError } from './plan.parser';

const planText = readFileSync(new URL('../../resources/plans/shanxi-regional-integration-2021.txt', import.meta.url), 'utf8');
const plan = parsePlan(planText);
const chapter = (n: number) => plan.chapters[n - 1]!;

describe('parsePlan on the shipped Shanxi regional-integration plan', () => {
  it('reads the title, issue date and period, and drops the web page around the document', () => {
    expect(plan.title).toBe('山西省“十四五”京津冀、长三角、大湾区等区域融合发展实现高水平崛起规划');
    expect(plan.issuedOn).toBe('2021-09-14');
    expect([plan.periodStart, plan.periodEnd, plan.outlookYear]).toEqual([2021, 2025, 2035]);
    const everything = JSON.stringify(plan);
    for (const noise of ['浙大培训', '0571', '延伸阅读', '相关新闻', 'FOLLOW US', '本文由']) {
      expect(everything).not.toContain(noise);
    }
  });

  it('keeps the preface as text', () => {
    expect(plan.preface).toMatch(/^党的十八大以来/);
    expect(plan.preface).toContain('本规划依据');
  });

  it('finds 7 chapters with their sections by name', () => {
    expect(plan.chapters.map((c) => `${c.heading} ${c.title}`)).toEqual([
      '第一章 规划背景',
      '第二章 总体要求',
      '第三章 深度融入京津冀，实现联动发展',
      '第四章 强化协作长三角，实现共赢发展',
      '第五章 精准对接大湾区，实现协同发展',
      '第六章 务实合作毗邻区，实现共融发展',
      '第七章 保障措施',
    ]);
    expect(plan.chapters.map((c) => c.sections.map((s) => s.title))).toEqual([
      ['合作现状', '机遇挑战'],
      ['指导思想', '基本原则', '战略定位', '发展目标'],
      ['打造京津冀重要保障基地', '建设京津冀联动发展战略腹地', '建成高端科技成果转化地', '构建公共服务共享示范区', '构筑京津冀绿色生态屏障'],
      ['加快承接产业转移', '深化重点领域务实合作', '复制推广制度创新经验'],
      ['加强数字经济合作共享', '推进科技成果应用转化', '促进服务业重点领域交流合作'],
      ['融入中原城市群及关中平原城市群', '深化晋陕豫黄河金三角建设', '拓展蒙晋冀（乌大张）合作空间', '推进忻榆鄂区域协同发展', '加强与沿黄省区交流合作'],
      ['加强组织领导', '优化营商环境', '强化监督考核'],
    ]);
  });

  it('keeps chapters 一–二 as text, not tasks', () => {
    for (const n of [1, 2]) {
      expect(chapter(n).hasTasks).toBe(false);
      expect(chapter(n).sections.every((s) => s.measures.length === 0 && s.intro.length > 50)).toBe(true);
    }
    expect(chapter(1).sections[0]!.intro).toContain('产业对接协作领域不断拓展');
  });

  it('reads 3.1.1 as 建设京津冀清洁能源供应基地 with its action sentences as tasks', () => {
    const measure = chapter(3).sections[0]!.measures[0]!;
    expect(measure.code).toBe('3.1.1');
    expect(measure.title).toBe('建设京津冀清洁能源供应基地');
    expect(measure.tasks.length).toBeGreaterThan(3);
    expect(measure.tasks[0]).toEqual({ code: '3.1.1.1', text: expect.stringMatching(/^向国家争取规划建设山西—京津唐.*。$/) });
    expect(measure.text).toBe(`${measure.title}。${measure.tasks.map((t) => t.text).join('')}`);
    // The section's opening paragraph is its introduction, not a measure.
    expect(chapter(3).sections[0]!.intro).toMatch(/^坚持服务京津冀协同发展大局/);
  });

  it('reads 第七章 第三节 as the supervision mechanism, 7.3.1 落实主体责任', () => {
    const measures = chapter(7).sections[2]!.measures;
    expect(measures.map((m) => `${m.code} ${m.title}`)).toEqual(['7.3.1 落实主体责任', '7.3.2 强化项目管理', '7.3.3 建立推进机制']);
  });

  it('counts 56 measures with 239 tasks in chapters 三–六 and 9 with 31 in chapter 七', () => {
    const count = (chapters: typeof plan.chapters) => ({
      measures: chapters.flatMap((c) => c.sections.flatMap((s) => s.measures)).length,
      tasks: chapters.flatMap((c) => c.sections.flatMap((s) => s.measures.flatMap((m) => m.tasks))).length,
    });
    expect(count(plan.chapters.slice(2, 6))).toEqual({ measures: 56, tasks: 239 });
    expect(count([chapter(7)])).toEqual({ measures: 9, tasks: 31 });
    expect(plan.chapters.slice(2, 6).map((c) => count([c]))).toEqual([
      { measures: 15, tasks: 83 },
      { measures: 9, tasks: 42 },
      { measures: 12, tasks: 42 },
      { measures: 20, tasks: 72 },
    ]);
  });

  it('gives every task a unique code chapter.section.measure.task', () => {
    const codes = plan.chapters.flatMap((c) => c.sections.flatMap((s) => s.measures.flatMap((m) => m.tasks.map((t) => t.code))));
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((code) => /^\d+\.\d+\.\d+\.\d+$/.test(code))).toBe(true);
  });

  it('tags chapters with the region they address', () => {
    expect(plan.chapters.map((c) => c.region)).toEqual([null, null, '京津冀', '长三角', '大湾区', '毗邻区', '保障措施']);
  });

  it('restores full-width punctuation lost in the web copy', () => {
    expect(chapter(3).title).toContain('，');
    expect(chapter(6).sections[2]!.title).toBe('拓展蒙晋冀（乌大张）合作空间');
  });

  it('turns 第二章第四节 targets and the table notes into the starting indicator table', () => {
    const byName = Object.fromEntries(plan.indicators.map((i) => [i.name, i]));
    expect(Object.keys(byName)).toEqual([
      '太原到国内主要城市通达时间',
      '产业合作协议签约额',
      '新申报创建国家级承接产业转移示范区或国家级新区',
      '省外游客在国内总旅游人数中的占比',
      '全职引进国家级高层次人才数量',
      '通航城市',
      '产业合作协议签订数',
    ]);
    expect(byName['太原到国内主要城市通达时间']).toMatchObject({ unit: '小时', targetValue: 3, direction: 'lower', targetYear: 2025 });
    expect(byName['产业合作协议签约额']).toMatchObject({ baselineYear: 2020, targetText: '较2020年增长30%以上' });
    expect(byName['产业合作协议签约额']!.note).toContain('项目签约额');
    expect(byName['新申报创建国家级承接产业转移示范区或国家级新区']).toMatchObject({ unit: '个', targetValue: 1 });
    expect(byName['省外游客在国内总旅游人数中的占比']).toMatchObject({ unit: '%', targetValue: 50 });
    expect(byName['全职引进国家级高层次人才数量']).toMatchObject({ baselineYear: 2020, targetText: '较2020年翻一番' });
    expect(byName['通航城市']).toMatchObject({ baselineValue: 87, baselineYear: 2020, unit: '个' });
    expect(byName['产业合作协议签订数']).toMatchObject({ baselineValue: 60, unit: '份' });
    expect(plan.indicatorNotes).toMatch(/^1\.通航城市的指标数值为/);
  });

  it('parses the same tree from CRLF text with a BOM', () => {
    const again = parsePlan(`\uFEFF${planText.replace(/\n/g, '\r\n')}`);
    expect(again.chapters).toEqual(plan.chapters);
  });

  it('refuses text with no chapter headings', () => {
    expect(() => parsePlan('这只是一段普通文字。\n没有章节。')).toThrow(PlanParseError);
  });
});
