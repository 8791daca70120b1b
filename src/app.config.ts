// App config: three tab pages and the detail page in the main package; member, staff and admin screens in subpackages.
export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/submit/index',
    'pages/mine/index',
    'pages/detail/index',
  ],
  subPackages: [
    { root: 'packages/member', pages: ['pages/queue/index', 'pages/villages/index'] },
    { root: 'packages/staff', pages: ['pages/triage/index', 'pages/ledger/index', 'pages/notices/index', 'pages/groups/index'] },
    { root: 'packages/admin', pages: ['pages/index/index', 'pages/robots/index'] },
    { root: 'packages/figures', pages: ['pages/index/index', 'pages/members/index', 'pages/record/index', 'pages/report/index', 'pages/search/index'] },
    { root: 'packages/activities', pages: ['pages/list/index', 'pages/detail/index', 'pages/edit/index', 'pages/signin/index', 'pages/evaluate/index', 'pages/mine/index', 'pages/stats/index', 'pages/topics/index', 'pages/admin/index'] },
  ],
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTitleText: '三微',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f5f5',
  },
  // The current component styles, and components loaded only when a page uses them (smaller start-up).
  style: 'v2',
  lazyCodeLoading: 'requiredComponents',
  tabBar: {
    color: '#666666',
    selectedColor: '#c8161d',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页' },
      { pagePath: 'pages/submit/index', text: '建言' },
      { pagePath: 'pages/mine/index', text: '我的' },
    ],
  },
})
