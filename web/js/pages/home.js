// home.js - the start page: who you are, and the tasks your roles give you.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { BUREAU_ROLES, hasRole, me, UNIT_ROLES } from '../session.js';
import { NAV, navAllowed, navLabel } from '../layout.js';
import { labelEl, pageHeader, rolesEl, section, timeEl } from '../ui.js';
import { membershipName } from '../orgs.js';
import { calendarWarning } from './calendar.js';
import { dashboardPanel } from './dashboard.js';

export async function homePage(main) {
  const u = me();
  const membership = h('dd', { 'data-testid': 'membership' }, await membershipName(u));
  const tasks = NAV.filter((n) => n.path !== '' && navAllowed(n)).map((n) =>
    h('li', { class: 'task' },
      h('a', { href: `#/${n.path}`, class: 'task-link' }, navLabel(n)),
      h('p', { class: 'task-desc' }, t(`home.task.${n.path}`))));

  // from 1 October the system administrator is warned when next year's
  // working-day calendar is not loaded yet
  let warning = null;
  if (hasRole('system_admin')) {
    try {
      warning = calendarWarning((await api('GET', '/calendar/years')).warning);
    } catch {
      /* the calendar page shows the error */
    }
  }

  // what waits for the user: the bureau's queue, or the unit's open applications
  let todo = null;
  try {
    if (hasRole(...BUREAU_ROLES)) {
      const items = (await api('GET', '/applications', { query: { tasks: 'true' } })).items;
      const overdue = items.filter((a) => a.clock && a.clock.overdue).length;
      todo = h('div', { class: ['alert', overdue ? 'alert-warning' : 'alert-info'], role: 'status', 'data-testid': 'home-todo' },
        t('home.todo_bureau', { n: items.length, overdue }), ' ', h('a', { href: '#/tasks' }, t('nav.tasks')));
    } else if (hasRole(...UNIT_ROLES)) {
      const items = (await api('GET', '/applications', { query: { limit: 200 } })).items;
      const waiting = items.filter((a) => ['draft', 'supplement', 'preliminary_correction', 'superior_correction'].includes(a.state)).length;
      if (waiting) {
        todo = h('div', { class: 'alert alert-warning', role: 'status', 'data-testid': 'home-todo' },
          t('apps.awaiting_unit', { n: waiting }), ' ', h('a', { href: '#/apps' }, t('nav.my_apps')));
      }
    }
  } catch {
    /* the lists themselves show their errors */
  }

  // the role dashboard (bureau or unit users), above the rest
  const dash = await dashboardPanel();

  replace(main,
    pageHeader(t('home.welcome', { name: u.display_name }), t('home.intro')),
    dash ? dash.el : null,
    warning,
    todo,
    h('div', { class: 'grid-2' },
      section(t('home.account'),
        h('dl', { class: 'facts' },
          h('dt', null, t('fields.login')), h('dd', { class: 'mono' }, u.login),
          h('dt', null, t('fields.roles')), h('dd', null, rolesEl(u.roles)),
          h('dt', null, t('fields.membership')), membership,
          h('dt', null, t('fields.clearance')), h('dd', null, labelEl(u.clearance)),
          h('dt', null, t('fields.password_changed_at')), h('dd', null, timeEl(u.password_changed_at)))),
      section(t('home.tasks'), h('ul', { class: 'tasks' }, tasks))),
    section(t('home.rules_title'),
      h('ul', { class: 'rules' },
        h('li', null, t('home.rule_audit')),
        h('li', null, t('home.rule_sod')),
        h('li', null, t('home.rule_label')))));
  if (dash) dash.draw();
}
