import { z } from 'zod';

/**
 * A file sent with a record, as base64 in the JSON (a report's 佐证材料, the scan of a 领导批示, a 延期申请's
 * documents); names, sizes and counts are checked by the service, which can name the file.
 */
export const upload = z.strictObject({ name: z.string().max(1000), contentBase64: z.string().max(15 * 1024 * 1024, '附件过大') });

/** The files of a record other than a progress report (a report takes up to 20). */
export const uploads = z.array(upload).max(10);

/** A file kept with a record, opened by its id. */
export interface FileRef {
  id: number;
  name: string;
  size: number;
}

/** A file as read back: its original name and its bytes. */
export interface FileContent {
  name: string;
  size: number;
  contentBase64: string;
}
