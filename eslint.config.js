import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layers, enforced (README "结构"): api ← rules ← db ← domain folders ← core (and the doors: server, app). Data and calls
 * flow one way; a lower layer never imports a higher one, and the renderer sees only the contract. Tests may set up
 * through any layer, so the rules apply to production files.
 */
const DOMAIN_FOLDERS = [
  'accounts', 'assessment', 'audit', 'backup', 'dashboard', 'exchange', 'exchange-packages', 'files', 'identity', 'indicators', 'plan', 'plan-import', 'problems',
  'notices', 'progress', 'projects', 'reports', 'rounds', 'safety', 'settings', 'tasks', 'testing', 'units', 'todo', 'extensions', 'reminders', 'circulars', 'instructions', 'escalation',
];
const restrict = (regex, message) => ({ 'no-restricted-imports': ['error', { patterns: [{ regex, message }] }] });
const PRODUCTION = { ignores: ['**/*.test.ts', '**/testing/**'] };
const ENTRIES = '\\.\\./(index|preload)$';
const layers = [
  {
    files: ['src-main/api/**/*.ts'],
    ...PRODUCTION,
    rules: restrict('^(\\.\\./|node:|electron$|kysely$|better-sqlite3$)', 'src-main/api 是契约层：只引用 api 自身与 zod，界面也会打包它。'),
  },
  {
    files: ['src-main/rules/**/*.ts'],
    ...PRODUCTION,
    rules: restrict('^\\.\\./(?!api/)|^node:', 'src-main/rules 是各项派生状态（逾期、迟报、序时进度、预警灯……）唯一的定义处：只引用 api，不依赖数据库和业务文件夹。'),
  },
  {
    files: ['src-main/db/**/*.ts'],
    ...PRODUCTION,
    rules: restrict('^\\.\\./(?!api/|rules/)', 'src-main/db 只可引用 api 与 rules：数据库层不依赖任何业务文件夹。'),
  },
  {
    files: DOMAIN_FOLDERS.map((folder) => `src-main/${folder}/**/*.ts`),
    ...PRODUCTION,
    rules: restrict(`^\\.\\./(core|server|app)/|${ENTRIES}`, '业务文件夹不可引用 core、server、app（它们组装业务，而不是反过来）。'),
  },
  {
    files: ['src-main/core/**/*.ts'],
    ...PRODUCTION,
    rules: restrict(`^\\.\\./(server|app)/|${ENTRIES}`, 'core 组装业务，不可引用入口（server、app）。'),
  },
  {
    files: ['src-main/server/**/*.ts'],
    ...PRODUCTION,
    rules: restrict(`^\\.\\./app/|${ENTRIES}`, '浏览器模式的入口不可引用 Electron 外壳。'),
  },
  {
    files: ['src-main/app/**/*.ts'],
    ...PRODUCTION,
    rules: restrict('^\\.\\./server/', 'Electron 外壳不可引用浏览器模式的入口。'),
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: restrict('(^|/)src-main/(?!api/)|^node:|^electron$', '界面只可引用 src-main/api（契约）；其他共用的纯函数请移入 src-main/api。'),
  },
];

export default tseslint.config(
  { ignores: ['out/', 'out-*/', 'bench/dist/', 'bench/dist-*/', 'dist/', 'release/', 'node_modules/', 'test-results/', 'playwright-report/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['src-main/**/*.ts', 'scripts/**/*.{js,mjs}', 'e2e/**/*.ts', 'bench/**/*.ts', '*.config.{ts,js}'],
    languageOptions: { globals: globals.node },
  },
  ...layers,
);
