import type { FormRule } from 'antd';
import type { Dayjs } from 'dayjs';

/** Date checks a form makes before sending, in the words of its own labels. */

/** The field (a deadline, an end) may not fall before the date in `startField`. */
export function notBefore(startField: string, startLabel: string, label: string): FormRule {
  return ({ getFieldValue }) => ({
    validator: (_, value: Dayjs | null | undefined) => {
      const start = getFieldValue(startField) as Dayjs | null | undefined;
      return value && start && value.isBefore(start, 'day')
        ? Promise.reject(new Error(`“${label}”（${value.format('YYYY-MM-DD')}）不能早于“${startLabel}”（${start.format('YYYY-MM-DD')}）`))
        : Promise.resolve();
    },
  });
}

/** The field may not be a day already past (`today` is the app's date, not this computer's). */
export function notPast(today: string | undefined, label: string): FormRule {
  return {
    validator: (_, value: Dayjs | null | undefined) =>
      value && today && value.format('YYYY-MM-DD') < today
        ? Promise.reject(new Error(`“${label}”（${value.format('YYYY-MM-DD')}）已经过去，请选择今天（${today}）或以后的日期`))
        : Promise.resolve(),
  };
}
