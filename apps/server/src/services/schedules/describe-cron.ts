import cronstrue from 'cronstrue';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const NUMBER = /^\d+$/;
const EVERY = /^\*\/(\d+)$/;

const pad = (n: string) => n.padStart(2, '0');
const plural = (n: number, unit: string) => (n === 1 ? unit : `${n} ${unit}s`);

/** "Monday", "Monday and Friday", "weekdays"; undefined for shapes left to the fallback. */
function weekdays(field: string): string | undefined {
  if (field === '1-5') return 'weekday';
  if (field === '0,6' || field === '6,0') return 'Saturday and Sunday';
  const days = field.split(',');
  if (!days.every((d) => NUMBER.test(d) && Number(d) <= 7)) return undefined;
  const names = days.map((d) => DAYS[Number(d) % 7]);
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * A cron expression in words, with the time zone when it matters:
 * "every day at 02:00 Europe/Berlin", "every 2 seconds", "every Monday at 09:30 UTC".
 * Common shapes are said plainly; anything else is left to cronstrue.
 */
export function describeCron(cron: string, timezone: string): string {
  const fields = cron.trim().split(/\s+/);
  const [second, minute, hour, day, month, weekday] = fields.length === 6 ? fields : ['0', ...fields];
  const anyDate = day === '*' && month === '*';
  const zoned = (text: string) => `${text} ${timezone}`;

  if (anyDate && weekday === '*') {
    if (hour === '*' && minute === '*') {
      if (second === '*') return 'every second';
      const step = EVERY.exec(second);
      if (step) return `every ${plural(Number(step[1]), 'second')}`;
      if (NUMBER.test(second)) return `every minute at second ${second}`;
    }
    if (second === '0' && hour === '*') {
      const step = EVERY.exec(minute);
      if (minute === '*') return 'every minute';
      if (step) return `every ${plural(Number(step[1]), 'minute')}`;
      if (NUMBER.test(minute)) return `every hour at minute ${minute}`;
    }
    if (second === '0' && minute === '0' && EVERY.test(hour)) return zoned(`every ${plural(Number(EVERY.exec(hour)![1]), 'hour')}`);
  }
  if (NUMBER.test(minute) && NUMBER.test(hour) && NUMBER.test(second)) {
    const time = `${pad(hour)}:${pad(minute)}${second === '0' ? '' : `:${pad(second)}`}`;
    if (anyDate && weekday === '*') return zoned(`every day at ${time}`);
    const days = weekdays(weekday);
    if (anyDate && days) return zoned(`every ${days} at ${time}`);
    if (NUMBER.test(day) && month === '*' && weekday === '*') return zoned(`on day ${day} of every month at ${time}`);
  }
  try {
    const text = cronstrue.toString(cron, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
    return `${text.charAt(0).toLowerCase()}${text.slice(1)} (${timezone})`;
  } catch {
    return `${cron} (${timezone})`;
  }
}
