import { contract, isChannelName } from '../api/contract';

/** What a recorded call did, in the words of the 操作日志 list: the office rule's own words where it has them. */
const NAMES: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'account.changePassword': '修改密码',
  'accounts.create': '新建账号',
  'accounts.update': '修改账号',
  'accounts.resetPassword': '重置密码',
  'accounts.unlock': '解锁账号',
  'accounts.unlockAddress': '解除地址锁定',
  'accounts.importApply': '批量导入账号',
  'progress.submit': '填报进展',
  'reviews.approve': '审核通过填报',
  'reviews.return': '退回填报',
  'milestones.setDone': '勾选阶段目标',
  'notices.sign': '签收督办',
  'notices.reply': '反馈督办',
  'problems.update': '更新问题',
  'indicators.recordValue': '填报指标值',
  'projects.report': '填报项目进展',
  'templates.apply': '导入填报模板',
  'backup.create': '创建备份',
  'recovery.restore': '从备份恢复（恢复模式）',
};

export function actionName(channel: string, outcome: string): string {
  let name = NAMES[channel];
  if (!name && isChannelName(channel)) {
    const access = contract[channel].access;
    if ('what' in access) name = access.what.replace(/（.*）$/u, '');
  }
  name ??= channel;
  return outcome === 'ok' ? name : `${name}（${outcome === 'refused' ? '被拒绝' : '失败'}）`;
}
