/** The name users see in the title bar, the about box and error dialogs. */
export const APP_TITLE = '规划督办台';
