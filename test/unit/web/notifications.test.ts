import { CHANNELS, DELIVERY_STATUSES, NOTIFICATION_KINDS } from '@pirm/domain';
import {
  CHANNEL_LABELS,
  DELIVERY_STATUS_LABELS,
  NOTIFICATION_KIND_LABELS,
  deliveryStateLabel,
} from '../../../apps/web/src/lib/labels';
import {
  CHANNELS as FORM_CHANNELS,
  NO_DIGEST,
  inputOf,
  preferenceItem,
  valuesOf,
} from '../../../apps/web/src/lib/notify-settings';

/** Issue 18 in the console: one set of labels for every kind, channel and state, and the settings form's mapping. */
describe('the console’s notification labels and settings (issue 18)', () => {
  it('names every kind, channel and delivery state the server has, in Chinese', () => {
    for (const kind of NOTIFICATION_KINDS) expect(NOTIFICATION_KIND_LABELS[kind]).toMatch(/\p{Script=Han}/u);
    for (const c of CHANNELS) expect(CHANNEL_LABELS[c]).toMatch(/\p{Script=Han}/u);
    for (const s of DELIVERY_STATUSES) expect(DELIVERY_STATUS_LABELS[s]).toMatch(/\p{Script=Han}/u);
    expect([...FORM_CHANNELS].sort()).toEqual([...CHANNELS].sort());
  });

  it('calls a due delivery that has failed before 失败重试中, a dead letter 投递失败', () => {
    expect(deliveryStateLabel({ status: 'PENDING', attempts: 0 })).toBe('待发送');
    expect(deliveryStateLabel({ status: 'PENDING', attempts: 2 })).toBe('失败重试中');
    expect(deliveryStateLabel({ status: 'SENT', attempts: 1 })).toBe('已发送');
    expect(deliveryStateLabel({ status: 'DEAD', attempts: 8 })).toBe('投递失败');
  });

  it('round-trips preferences through the form and back to the input the server takes', () => {
    const prefs = { channels: ['SMS', 'EMAIL'], digestHour: 17, quietHours: { start: 22, end: 7 } };
    const values = valuesOf(prefs);
    expect(values.channel).toEqual({ EMAIL: true, SMS: true, WECOM: false, DINGTALK: false });
    expect(inputOf(values)).toEqual({ channels: ['EMAIL', 'SMS'], digestHour: 17, quietHours: { start: 22, end: 7 } });
    const none = valuesOf({ channels: [], digestHour: null, quietHours: null });
    expect(none.digestHour).toBe(NO_DIGEST);
    expect(inputOf(none)).toEqual({ channels: [], digestHour: null, quietHours: null });
  });

  it('puts a server field error at the checkbox of the channel it names (by its index in what was sent)', () => {
    expect(preferenceItem('channels[1]', ['EMAIL', 'SMS'])).toEqual(['channel', 'SMS']);
    expect(preferenceItem('channels[5]', ['EMAIL'])).toBeNull();
    expect(preferenceItem('digestHour', [])).toEqual(['digestHour']);
    expect(preferenceItem('quietHours.end', [])).toEqual(['quietHours', 'end']);
    expect(preferenceItem('channels', [])).toBeNull();
  });
});
