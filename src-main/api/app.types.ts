export interface AppInfo {
  name: string;
  version: string;
  /** 'electron' for the desktop window, 'browser' for the HTTP door. */
  mode: 'electron' | 'browser';
  dataDir: string;
  schemaVersion: number;
}
