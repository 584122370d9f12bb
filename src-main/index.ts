import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, screen, session, shell, type Event } from 'electron';
import { startAutomaticBackups } from './core/backup-schedule';
import { openAppContext, type AppContext } from './core/app-context';
import { clockOnDate } from './core/clock';
import { dataDirFromArgs, todayFromArgs } from './app/command-line';
import { hardenApp, type AppUrlPolicy } from './app/harden';
import { registerApiChannels } from './app/ipc';
import { startDesktop } from './app/startup';
import { aboutDialogOptions, buildMenuTemplate, OPEN_DATA_DIR_BUTTON } from './app/menu';
import { createMainWindowOptions, isAppUrl } from './app/security';
import { describeStartupError } from './app/startup-error';
import { startDueNotifier, type DueNote } from './app/due-notifier';

// Electron shell only: wiring. Rules live in src-main/app (tested) and behind the dispatcher.
app.enableSandbox();

const preloadPath = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));
const rendererIndexPath = fileURLToPath(new URL('../renderer/index.html', import.meta.url));
const policy: AppUrlPolicy = {
  rendererIndexFileUrl: pathToFileURL(rendererIndexPath).href,
  devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
};

let mainWindow: BrowserWindow | undefined;
let context: AppContext | undefined;

function fail(error: unknown): void {
  const { title, message } = describeStartupError(error);
  dialog.showErrorBox(title, message);
  app.exit(1);
}

try {
  // A data folder from the command line also becomes userData, so each such instance has its own
  // single-instance lock and browser profile (parallel end-to-end runs must not collide).
  const dataDirArg = dataDirFromArgs(process.argv, process.cwd());
  if (dataDirArg !== undefined) app.setPath('userData', dataDirArg);
  if (app.requestSingleInstanceLock()) {
    app.on('second-instance', focusMainWindow);
    app.whenReady().then(start).catch(fail);
  } else {
    app.quit();
  }
} catch (error) {
  app.whenReady().then(() => fail(error)).catch(() => app.exit(1));
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  hardenApp(app, session.defaultSession, policy);
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(() => void showAbout(dataDir))));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', closeContextBeforeQuit);
  const fixedToday = todayFromArgs(process.argv);
  // The window opens at once while the database opens (its integrity check in a worker); the start-up backup follows,
  // not waited for, then daily; the timer is unref'd (app/startup.ts). A damaged or unreadable database does not throw:
  // the context starts in recovery mode and the window shows the recovery screen.
  context = await startDesktop({
    openContext: () => openAppContext({ dataDir, mode: 'electron', version: app.getVersion(), ...(fixedToday ? { now: clockOnDate(fixedToday) } : {}) }),
    openDoor: (dispatch) => {
      // 临期提醒 as a system notification: decided in app/due-notifier.ts, asking as the window last called.
      const notifier = startDueNotifier({
        call: (channel, caller) => dispatch(channel, {}, caller),
        show: showDueNotification,
        setTimer: (run, ms) => setTimeout(run, ms).unref(),
        clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
      });
      app.on('will-quit', () => notifier.stop());
      const watched: typeof dispatch = (channel, payload, caller) => {
        if (caller) notifier.seen(caller);
        return dispatch(channel, payload, caller);
      };
      registerApiChannels(ipcMain, watched, (url) => isAppUrl(url, policy.rendererIndexFileUrl, policy.devServerUrl));
    },
    openWindow: openMainWindow,
    startBackups: (opened) => startAutomaticBackups(opened),
    fail,
  });
}

function openMainWindow(): void {
  const window = new BrowserWindow(createMainWindowOptions(preloadPath, screen.getPrimaryDisplay().workAreaSize));
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => (mainWindow = undefined));
  const loading = policy.devServerUrl ? window.loadURL(policy.devServerUrl) : window.loadFile(rendererIndexPath);
  loading.catch((error: unknown) => console.error('[window] 页面加载失败 failed to load renderer', error));
}

/** Relay only: the main process shows it (no renderer permission is involved); a click brings the window forward. */
function showDueNotification(note: DueNote): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: note.title, body: note.body });
  notification.on('click', focusMainWindow);
  notification.show();
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function showAbout(dataDir: string): Promise<void> {
  const options = aboutDialogOptions({ version: app.getVersion(), dataDir });
  const { response } = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
  if (response === OPEN_DATA_DIR_BUTTON) await shell.openPath(dataDir);
}

// The database is closed before the process ends, so SQLite checkpoints its WAL and leaves one clean file.
function closeContextBeforeQuit(event: Event): void {
  const open = context;
  if (!open) return;
  context = undefined;
  event.preventDefault();
  open
    .close()
    .catch((error: unknown) => console.error('[quit] 关闭数据库失败 failed to close database', error))
    .finally(() => app.quit());
}
