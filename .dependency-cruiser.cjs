// The one-way layers of README.md's "Architecture", enforced by `npm run layers` (part of `npm test`).
// Data flows sources → ingest → store → metrics → render → commands; src/core (reply, request, payload types,
// logger, the ticker and member rules) and src/config.ts are importable by every layer. Each rule below names the layer it protects and
// lists what that layer must not import. Sources parse into the row types the store defines, and views format
// the figures src/universe assembles, so those two imports point along the flow by design.
const layer = {
  core: '^src/core/',
  config: '^src/config\\.ts$',
  sources: '^src/sources/',
  ingest: '^src/ingest/',
  store: '^src/store/',
  metrics: '^src/metrics/',
  universe: '^src/universe/',
  render: '^src/render/',
  alerts: '^src/alerts/',
  commands: '^commands/',
  demo: '^src/demo/',
  bot: '^src/bot/',
  cli: '^src/cli/',
};
const any = (...names) => names.map((name) => layer[name]);
const rule = (name, comment, from, forbidden, extra = {}) => ({
  name,
  comment,
  severity: 'error',
  from: { path: layer[from] },
  to: { path: any(...forbidden), ...extra },
});

module.exports = {
  forbidden: [
    rule('core-is-neutral', 'src/core is the vocabulary every layer shares; it imports no layer.', 'core',
      ['config', 'sources', 'ingest', 'store', 'metrics', 'universe', 'render', 'alerts', 'commands', 'demo', 'bot', 'cli']),
    rule('config-is-neutral', 'src/config.ts is the one zod schema of the environment; it imports no layer.', 'config',
      ['sources', 'ingest', 'store', 'metrics', 'universe', 'render', 'alerts', 'commands', 'demo', 'bot', 'cli']),
    rule('sources-only-fetch-and-parse', 'sources fetch, validate and parse; they know nothing downstream of the store.', 'sources',
      ['ingest', 'metrics', 'universe', 'render', 'alerts', 'commands', 'demo', 'bot', 'cli']),
    rule('ingest-feeds-the-store', 'ingest runs sources and writes the store; it computes and shows nothing.', 'ingest',
      ['metrics', 'universe', 'render', 'alerts', 'commands', 'demo', 'bot', 'cli']),
    rule('store-only-speaks-sql', 'the store is the only code that speaks SQL; it imports no other layer.', 'store',
      ['sources', 'ingest', 'metrics', 'universe', 'render', 'alerts', 'commands', 'demo', 'bot', 'cli']),
    rule('metrics-are-pure', 'metrics take plain values and return plain values: no I/O, no formatting.', 'metrics',
      ['config', 'sources', 'ingest', 'universe', 'render', 'alerts', 'commands', 'demo', 'bot', 'cli']),
    {
      name: 'metrics-never-query',
      comment: 'only src/metrics/inputs.ts names the stored shapes (import type); no metric reaches the store.',
      severity: 'error',
      from: { path: layer.metrics, pathNot: '^src/metrics/inputs\\.ts$' },
      to: { path: layer.store },
    },
    rule('universe-computes-from-the-store', 'src/universe reads the store and runs the metrics; it renders nothing.', 'universe',
      ['sources', 'ingest', 'render', 'alerts', 'commands', 'demo', 'bot', 'cli']),
    rule('render-is-pure-views', 'views turn figures into embeds, text, JSON and charts; they never query.', 'render',
      ['sources', 'ingest', 'store', 'alerts', 'commands', 'demo', 'bot', 'cli']),
    rule('alerts-use-the-layers-below', 'scheduled posts read figures and views like a command, never sources.', 'alerts',
      ['sources', 'ingest', 'commands', 'demo', 'bot', 'cli']),
    rule('commands-use-the-layers-below', 'a command reads the cache, computes and renders; it never fetches.', 'commands',
      ['sources', 'ingest', 'demo', 'cli']),
    {
      name: 'commands-know-only-the-command-contract',
      comment: 'of src/bot a command module may only name its contract (src/bot/command.ts, types only).',
      severity: 'error',
      from: { path: layer.commands },
      to: { path: layer.bot, pathNot: '^src/bot/command\\.ts$' },
    },
    rule('demo-is-an-offline-source', 'the demo generates files and ingests them like any source.', 'demo',
      ['metrics', 'universe', 'render', 'alerts', 'commands', 'bot', 'cli']),
    rule('bot-is-an-entry-point', 'the Discord host does not depend on the terminal.', 'bot', ['cli']),
    {
      name: 'no-circular',
      comment: 'modules form no import cycles (type-only cycles included).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-not-to-test',
      comment: 'the application never imports tests or their support.',
      severity: 'error',
      from: { path: '^(src|commands|bin)/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
