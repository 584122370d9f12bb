import { describe, expect, it } from 'vitest';
import { AppError } from '../api/errors';
import { describeStartupError } from './startup-error';

describe('describeStartupError', () => {
  it("shows a database error's own Chinese message under the database title", () => {
    const error = new AppError('DB_TOO_NEW', '数据库来自更新版本的规划督办台（结构版本 9），本程序只认识到 3。');
    expect(describeStartupError(error)).toEqual({ title: '规划督办台无法打开数据库', message: error.message });
  });

  it('names a native module built for the wrong runtime', () => {
    const error = new Error('The module was compiled against a different Node.js version using NODE_MODULE_VERSION 115.');
    const text = describeStartupError(error);
    expect(text.title).toBe('规划督办台无法启动');
    expect(text.message).toContain('npm run rebuild:electron');
  });

  it('passes any other error on with its message', () => {
    expect(describeStartupError(new Error('EACCES: permission denied')).message).toContain('EACCES');
    expect(describeStartupError('odd').message).toContain('odd');
  });
});
