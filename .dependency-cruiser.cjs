// The layering the README describes, enforced in `npm test` (npm run lint:layers).
// Edges (slack/, cli/, scheduler/, web/) → services → domain (pure) and ports; adapters implement ports;
// the composition roots (compositionRoot.ts for every process; main.ts, bot.ts and slackWorker.ts for the bot) wire adapters in.
const ADAPTERS = '^src/(db|datastore|providers|curators|metrics|sandbox)/';
const EDGES = '^src/(slack|cli|scheduler|web)/';
const COMPOSITION_ROOTS = '^src/(compositionRoot|main|bot|slackWorker)[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds the rules: no I/O, no Node built-ins, no other layer. zod is the one library it may use.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', '^node_modules/zod/'] },
    },
    {
      name: 'ports-name-only-domain-types',
      comment: 'ports/ are the interfaces adapters implement; they speak in domain terms only.',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { pathNot: ['^src/(ports|domain)/'] },
    },
    {
      name: 'services-never-import-adapters',
      comment: 'services/ reach the outside through ports; the composition root hands them the adapters.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: [ADAPTERS, EDGES, '^src/config/', COMPOSITION_ROOTS] },
    },
    {
      name: 'edges-call-services-not-repositories',
      comment: 'slack/, cli/, scheduler/ and web/ call services; the database and the repositories are theirs to use.',
      severity: 'error',
      from: { path: EDGES },
      to: {
        path: [
          '^src/db/',
          '^src/ports/(repositories|schedulerRepositories)[.]ts$',
          '^src/datastore/',
          '^src/providers/',
        ],
      },
    },
    {
      name: 'slack-reads-and-writes-through-services',
      comment:
        'A listener, view or notification never names a repository, the data store or the PID service: it calls a service. ' +
        'Property access (ctx.deps.uow) is beyond an import graph; test/slack/slackUsesServices.test.ts covers it.',
      severity: 'error',
      from: { path: '^src/slack/' },
      to: { path: '^src/ports/(repositories|schedulerRepositories|dataStore|pidProvider|webProbe)[.]ts$' },
    },
    {
      name: 'only-composition-roots-wire-adapters',
      comment: 'An adapter is chosen and built in one place, so swapping one (a provider, a database) is one file.',
      severity: 'error',
      from: { pathNot: [ADAPTERS, COMPOSITION_ROOTS, '^src/cli/commands/purlSim[.]ts$', '^test/', '^bench/'] },
      to: { path: ADAPTERS },
    },
    {
      name: 'adapters-stay-apart',
      comment:
        'One adapter never reaches into another; the simulators may reuse a provider wire client they stand in for.',
      severity: 'error',
      from: { path: ADAPTERS, pathNot: '^src/sandbox/' },
      to: { path: ADAPTERS, pathNot: ['^src/$1/'] },
    },
    {
      name: 'simulators-reuse-only-provider-code',
      comment:
        'A simulator may share the wire types of the provider it stands in for, nothing else of pidbot’s adapters.',
      severity: 'error',
      from: { path: '^src/sandbox/' },
      to: { path: ADAPTERS, pathNot: ['^src/(sandbox|providers)/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'production-code-uses-production-dependencies',
      comment: '`npm ci --omit=dev` must give a working bot and CLI.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'resolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    // swc reads every import wherever it stands; the default path missed one placed after code.
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
