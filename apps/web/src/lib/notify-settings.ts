// A person's notification settings as the console's form holds them, and back to the server's input.

export const CHANNELS = ['EMAIL', 'SMS', 'WECOM', 'DINGTALK'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The digest select's value for "one message per event" (a select cannot hold null). */
export const NO_DIGEST = -1;

export interface PreferenceValues {
  channel: Record<Channel, boolean>;
  digestHour: number;
  quiet: boolean;
  quietHours: { start: number; end: number };
}

export interface Preferences {
  channels: readonly string[];
  digestHour?: number | null;
  quietHours?: { start: number; end: number } | null;
}

export function valuesOf(p: Preferences): PreferenceValues {
  return {
    channel: Object.fromEntries(CHANNELS.map((c) => [c, p.channels.includes(c)])) as Record<Channel, boolean>,
    digestHour: p.digestHour ?? NO_DIGEST,
    quiet: !!p.quietHours,
    // Without quiet hours the pickers offer the usual night (22:00 → 7:00).
    quietHours: p.quietHours ? { start: p.quietHours.start, end: p.quietHours.end } : { start: 22, end: 7 },
  };
}

export function inputOf(v: PreferenceValues): {
  channels: Channel[];
  digestHour: number | null;
  quietHours: { start: number; end: number } | null;
} {
  return {
    channels: CHANNELS.filter((c) => v.channel[c]),
    digestHour: v.digestHour === NO_DIGEST ? null : v.digestHour,
    quietHours: v.quiet ? { start: v.quietHours.start, end: v.quietHours.end } : null,
  };
}

/**
 * The form item a server field error belongs to: `channels[1]` is the second channel sent (its checkbox),
 * `quietHours.start` the quiet hours' start; null for one the form has no item for (shown above the form).
 */
export function preferenceItem(field: string, sent: readonly Channel[]): PreferenceItem | null {
  const channel = /^channels\[(\d+)\]$/.exec(field);
  if (channel) {
    const c = sent[Number(channel[1])];
    return c ? ['channel', c] : null;
  }
  if (field === 'digestHour') return ['digestHour'];
  const quiet = /^quietHours\.(start|end)$/.exec(field);
  if (quiet) return ['quietHours', quiet[1] as 'start' | 'end'];
  return null;
}

export type PreferenceItem = ['channel', Channel] | ['digestHour'] | ['quietHours', 'start' | 'end'];

/** 7 → 07:00, the CST hours the settings are in. */
export const hourLabel = (h: number): string => `${String(h).padStart(2, '0')}:00`;
