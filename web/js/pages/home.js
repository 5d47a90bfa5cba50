// home.js - the start page: who you are, and the tasks your roles give you.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { me } from '../session.js';
import { NAV, navAllowed } from '../layout.js';
import { labelEl, pageHeader, rolesEl, section, timeEl } from '../ui.js';
import { membershipName } from '../orgs.js';

export async function homePage(main) {
  const u = me();
  const membership = h('dd', { 'data-testid': 'membership' }, await membershipName(u));
  const tasks = NAV.filter((n) => n.path !== '' && navAllowed(n)).map((n) =>
    h('li', { class: 'task' },
      h('a', { href: `#/${n.path}`, class: 'task-link' }, t(n.key)),
      h('p', { class: 'task-desc' }, t(`home.task.${n.path}`))));

  replace(main,
    pageHeader(t('home.welcome', { name: u.display_name }), t('home.intro')),
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
}
