export interface AppInfo {
  name: string;
  version: string;
  /** 'electron' for the desktop window, 'browser' for the HTTP door. */
  mode: 'electron' | 'browser';
  /** The shared server (`--shared`): people log in with accounts instead of choosing an identity. */
  shared?: boolean;
  dataDir: string;
  schemaVersion: number;
  /** The app's date (YYYY-MM-DD, China Standard Time, or the date fixed with --today): the UI's "this year" and defaults. */
  today: string;
}
