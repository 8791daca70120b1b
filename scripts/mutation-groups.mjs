// The file groups of `npm run mutation`: what each mutates and the tests that guard it.
// `workers: true` groups are guarded by function tests, whose code runs in the local CloudBase's worker processes.
export const GROUPS = {
  // The pure domain: unit tests (the decision table, the property tests, the permission table) in-process.
  domain: {
    mutate: ['src/domain/**/*.ts'],
    // The unit tests of the domain (not those of the build and deploy scripts), and the in-process function tests.
    tests: ['tests/unit/{activities,activity-decisions,activity-figures,activity-notices,activity-schemas,activity-steps,activity-views,charts,decisions,domain.property,facts,fields,figures.property,figures-schemas,groups,hardening,labels,notify,notify-schemas,patterns,periods,permissions,rollups,schemas,search-keys,similarity,takeover,time-rules,transitions,views}.test.ts',
      'tests/functions/conflict.test.ts', 'tests/functions/windows.test.ts', 'tests/functions/delivered.test.ts'],
  },
  // The loop's server side: the handler every call runs through, the transaction, the suggestion commands and queries,
  // the repositories, identity and configuration.
  loop: {
    mutate: [
      'server/handler.ts', 'server/transaction.ts', 'server/suggestionCommands.ts', 'server/suggestionQueries.ts', 'server/identity.ts',
      'server/ids.ts', 'server/db.ts', 'server/config.ts', 'server/content.ts', 'server/textCheck.ts', 'server/templates.ts',
      'server/repositories/*.ts',
    ],
    tests: ['tests/unit/hardening.test.ts', 'tests/unit/config.test.ts', 'tests/unit/server-loop.test.ts', 'tests/unit/transaction.test.ts', 'tests/unit/server-basics.test.ts', 'tests/functions/conflict.test.ts', 'tests/functions/loop.test.ts',
      'tests/functions/paths.test.ts', 'tests/functions/safety.test.ts', 'tests/functions/roles.test.ts', 'tests/functions/queries.test.ts',
      'tests/functions/windows.test.ts', 'tests/functions/delivered.test.ts', 'tests/functions/lists.test.ts',
      'tests/functions/handler.test.ts', 'tests/functions/org-admin.test.ts', 'tests/functions/paging.test.ts',
      'tests/functions/counters.test.ts', 'tests/functions/outbox-rows.test.ts',
      'tests/functions/texts-checked.test.ts'],
    workers: true,
  },
  // The organisation: towns, villages, people, roles, groups, departments, and the cached directory.
  org: {
    mutate: ['server/orgActions.ts', 'server/directory.ts'],
    tests: ['tests/functions/org.test.ts', 'tests/functions/roles.test.ts', 'tests/functions/departments.test.ts', 'tests/functions/org-admin.test.ts'],
    workers: true,
  },
  // Notifications and the timer: the outbox, its dispatcher, subscriptions, robots, the digest, the time rules.
  notify: {
    mutate: ['server/notify/*.ts', 'server/timerRules.ts'],
    // (Not dispatch-crash: it kills the local CloudBase, and each mutant would pay for its restart.)
    tests: ['tests/unit/notify.test.ts', 'tests/functions/notify.test.ts', 'tests/functions/timer.test.ts', 'tests/functions/delivered.test.ts',
      'tests/functions/dispatch.test.ts', 'tests/functions/groups.test.ts', 'tests/functions/time-rules-clock.test.ts', 'tests/functions/long-term-subscriptions.test.ts', 'tests/functions/webhook-failures.test.ts'],
    workers: true,
  },
  // Activities and the office's figures and exports.
  activities: {
    mutate: ['server/activities/*.ts', 'server/figures/*.ts'],
    tests: ['tests/functions/activities.test.ts', 'tests/functions/activities-outcomes.test.ts', 'tests/functions/figures.test.ts', 'tests/functions/figures-exports.test.ts', 'tests/functions/activities-figures.test.ts',
      'tests/functions/activities-gaps.test.ts', 'tests/functions/figures-search-window.test.ts', 'tests/functions/figures-once.test.ts',
      'tests/unit/figures-server.test.ts', 'tests/unit/figures-export-reading.test.ts', 'tests/unit/held-activities.test.ts'],
    workers: true,
  },
}
