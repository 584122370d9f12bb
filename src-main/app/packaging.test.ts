import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

/**
 * The packaging configuration, checked without packaging anything (that needs Electron binaries from the network):
 * electron-builder reads electron-builder.yml and validates it against its own JSON schema, then the targets,
 * names and native-module handling are asserted.
 */
const root = resolve('.');
const packageJson = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as Record<string, unknown>;

async function loadConfig() {
  const config = await getConfig(root, null, null, { value: Promise.resolve(packageJson) } as never);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

type Target = { target: string; arch: string[] };
const targets = (list: unknown) => (list as Target[]).map(({ target, arch }) => `${target}:${arch.join('+')}`);

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema (which does refuse a wrong one)', async () => {
    await expect(loadConfig()).resolves.toBeTruthy();
    const wrong = { ...(await loadConfig()), nsis: { oneClik: false } };
    await expect(validateConfiguration(wrong as never, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object/);
  });

  it('builds installer and portable for Windows, deb and AppImage for x64 and arm64, dmg for macOS', async () => {
    const config = await loadConfig();
    expect(targets(config.win?.target)).toEqual(['nsis:x64', 'portable:x64']);
    expect(targets(config.linux?.target)).toEqual(['deb:x64+arm64', 'AppImage:x64+arm64']);
    expect(targets(config.mac?.target)).toEqual(['dmg:x64+arm64']);
  });

  it('sets the Electron fuses: no RunAsNode, NODE_OPTIONS or --inspect; encrypted cookies; only app.asar, integrity-checked', async () => {
    const config = await loadConfig();
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    // The integrity check covers the archive the app loads from: the app must be packed into one.
    expect(config.asar).toBe(true);
  });

  it('names the app so the data folder matches browser mode, and shows the Chinese name to users', async () => {
    const config = await loadConfig();
    expect(config.productName).toBe('PlanDesk');
    expect(packageJson.productName).toBe('PlanDesk');
    expect(config.nsis?.shortcutName).toBe('规划督办台');
    expect(config.nsis?.artifactName).toContain('规划督办台');
    expect(config.portable?.artifactName).toContain('便携版');
    expect((config.linux?.desktop as { entry: Record<string, string> }).entry.Name).toBe('规划督办台');
    expect(config.icon).toBe('resources/icons/icon.png');
    const png = readFileSync(resolve('resources/icons/icon.png'));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('ships the built app only and unpacks the native module', async () => {
    const config = await loadConfig();
    // electron-builder normalises the list into one file set.
    expect(config.files).toEqual([{ filter: ['out/**/*', 'package.json', '!**/*.map'] }]);
    expect(config.asarUnpack).toEqual(['**/node_modules/better-sqlite3/**/*.node']);
    expect(config.npmRebuild).toBe(true);
    expect(config.publish).toBeNull();
  });

  it('is reached through npm run package, which rebuilds for Electron first, and never from npm install', () => {
    const scripts = packageJson.scripts as Record<string, string>;
    expect(scripts.package).toBe('node scripts/package.mjs');
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(scripts[hook]).toBeUndefined();
  });
});
