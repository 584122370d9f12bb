import { join } from 'node:path';

/** The folder name under the OS's app-data folder; Electron's userData uses the same (package.json productName). */
export const APP_FOLDER_NAME = 'PlanDesk';

/**
 * Where data lives when nobody says otherwise. It mirrors Electron's `app.getPath('userData')`, so the desktop
 * app and browser mode on the same account share one database:
 * Windows %APPDATA%\PlanDesk, macOS ~/Library/Application Support/PlanDesk, Linux $XDG_CONFIG_HOME/PlanDesk or ~/.config/PlanDesk.
 */
export function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_FOLDER_NAME);
}
