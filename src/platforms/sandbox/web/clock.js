// The clock bar: the sandbox's time, ticking from the server's reading, and the jump buttons,
// each showing when it would land. Hidden controls when the clock cannot move (real platforms on).
import { get, post } from './api.js';
import { formatTime, t } from './i18n.js';

export function setupClock({ time, note, buttons, onError, onMoved }) {
  let clock = null;
  let readAt = 0;
  let targets = {};

  const render = () => {
    if (!clock) return;
    const now = new Date(Date.parse(clock.now) + (Date.now() - readAt)).toISOString();
    time.dateTime = now;
    time.textContent = formatTime(now, clock.timeZone, 'long');
    note.hidden = clock.canMove;
    for (const button of buttons) {
      button.hidden = !clock.canMove;
      const target = targets[button.dataset.jump];
      const when = button.querySelector('.jump-when');
      when.textContent = target ? formatTime(target, clock.timeZone, 'short') : t('clock.nothing');
      button.disabled = !target;
      button.title = target ? t('clock.jumpTo', { time: formatTime(target, clock.timeZone, 'long') }) : '';
    }
  };

  const set = (next) => {
    clock = next;
    readAt = Date.now();
    render();
  };

  const refresh = async () => {
    try {
      const answer = await get('/sandbox/clock');
      targets = answer.targets;
      set(answer.clock);
    } catch (error) {
      onError(error);
    }
  };

  for (const button of buttons) {
    button.addEventListener('click', async () => {
      for (const b of buttons) b.disabled = true;
      try {
        const answer = await post('/sandbox/clock', { to: button.dataset.jump });
        set(answer.clock);
        onMoved(answer.clock);
      } catch (error) {
        onError(error);
      }
      await refresh();
    });
  }
  setInterval(render, 15_000);

  return { set, refresh, render, timeZone: () => clock?.timeZone ?? 'UTC' };
}
