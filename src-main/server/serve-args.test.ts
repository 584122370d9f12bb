import { describe, expect, it } from 'vitest';
import { parseServeArgs, ServeArgsError } from './serve-args';

describe('parseServeArgs', () => {
  it('defaults to a free port and the default data folder', () => {
    expect(parseServeArgs([])).toEqual({ port: 0, dataDir: null });
  });
  it('reads --port and --data-dir in both spellings', () => {
    expect(parseServeArgs(['--port', '4321', '--data-dir', '/tmp/规划数据'])).toEqual({ port: 4321, dataDir: '/tmp/规划数据' });
    expect(parseServeArgs(['--port=80', '--data-dir=D:\\数据'])).toEqual({ port: 80, dataDir: 'D:\\数据' });
  });
  it('refuses bad values and unknown flags with a Chinese message', () => {
    expect(() => parseServeArgs(['--port', 'abc'])).toThrow(/端口号/);
    expect(() => parseServeArgs(['--port', '70000'])).toThrow(ServeArgsError);
    expect(() => parseServeArgs(['--data-dir'])).toThrow(/缺少取值/);
    expect(() => parseServeArgs(['--host', '0.0.0.0'])).toThrow(/不认识的参数/);
  });
});
