/**
 * The build the end-to-end tests start: `out/` by default. PLAN_DESK_OUT points at another build folder inside
 * the repository (e.g. `out-dev2`, from `electron-vite build --outDir out-dev2`), so that parallel work on one
 * machine does not rebuild the folder another run is testing.
 */
export function builtOutput(): string {
  return process.env.PLAN_DESK_OUT ?? 'out';
}
