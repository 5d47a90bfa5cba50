// notifications.js - the caller's notifications: what happened to the
// applications they deal with. Newest first, unread marked; one or all can be
// marked read. The header shows the unread count (layout.js).

import { h, replace } from '../dom.js';
import { t, tOr } from '../i18n.js';
import { api } from '../api.js';
import {
  attempt, button, dataTable, notify, pageHeader, pagedTable, section, timeEl,
} from '../ui.js';
import { refreshUnread } from '../layout.js';
import { pick } from '../apps.js';

export async function notificationsPage(main) {
  const onlyUnread = h('input', { type: 'checkbox', name: 'unread' });
  const listErr = h('div');
  const countEl = h('span', { class: 'unread-line', 'data-testid': 'unread-line' });

  const table = dataTable([
    { label: t('notif.col.time'), className: 'nowrap', render: (n) => timeEl(n.created_at) },
    { label: t('notif.col.kind'), className: 'nowrap', render: (n) => tOr(`notif.kinds.${n.kind}`, n.kind) },
    { label: t('notif.col.text'), className: 'wrap-text', render: (n) => pick(n.text_zh, n.text_en) },
    {
      label: t('notif.col.application'),
      className: 'nowrap',
      render: (n) => (n.application_id ? h('a', { href: `#/apps/${n.application_id}`, 'data-testid': 'notif-app' }, t('notif.open_app')) : '—'),
    },
    {
      label: t('fields.status'),
      className: 'nowrap',
      render: (n) => (n.read_at ? h('span', { class: 'muted', title: n.read_at }, t('notif.read'))
        : h('span', { class: 'badge unread-badge' }, t('notif.unread'))),
    },
    {
      label: t('common.actions'),
      className: 'actions',
      render: (n) => (n.read_at ? '' : button(t('notif.mark_read'), {
        small: true,
        onclick: (ev) => attempt(ev.currentTarget, listErr, async () => {
          await api('POST', '/notifications/read', { body: { id: n.id } });
          await load();
        }),
      })),
    },
  ], {
    caption: t('notif.title'),
    empty: t('notif.none'),
    rowAttrs: (n) => ({ 'data-notification': String(n.id), class: n.read_at ? 'row-muted' : 'row-unread' }),
  });
  const { bar, load, search } = pagedTable(table, listErr, async (cursor) => {
    const page = await api('GET', '/notifications', {
      query: { unread: onlyUnread.checked ? 'true' : '', limit: 50, cursor },
    });
    replace(countEl, t('notif.unread_n', { n: page.unread }));
    countEl.dataset.unread = String(page.unread);
    refreshUnread(page.unread);
    return page;
  });
  onlyUnread.addEventListener('change', search);

  const allBtn = button(t('notif.mark_all'), { 'data-testid': 'mark-all-read' });
  allBtn.addEventListener('click', () => attempt(allBtn, listErr, async () => {
    await api('POST', '/notifications/read', { body: {} });
    notify(t('notif.all_marked'), 'success');
    await load();
  }));

  await load();
  replace(main,
    pageHeader(t('notif.title'), t('notif.intro'), allBtn),
    section(null,
      h('div', { class: 'tab-head' }, countEl,
        h('label', { class: 'check' }, onlyUnread, t('notif.only_unread'))),
      listErr, table, bar));
}
