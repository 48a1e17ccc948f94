// The expected results of StreamedListTests, computed by graphql-js (the reference implementation, the version the
// repository's oracle pins). Each case is a schema-wide configuration (which item fails, how) and a query; graphql-js
// executes it over plain arrays, the engine over streams (IAsyncEnumerable) and lists, and both must give this JSON.
//   node streamed-lists.mjs > streamed-lists.expected.json     (run where the `graphql` package is installed)
// scripts/test-graphql-engine.sh runs it and compares its output with the committed file.
import { graphql, buildSchema } from 'graphql';

const sdl = `
  type Item { id: Int! name: String! note: String }
  type Box { title: String! items: [Item!]! maybeItems: [Item] nullableList: [Item!] footer: String! }
  type Query { box: Box strictBox: Box! }
`;

const cases = [
  { name: 'nothing fails', config: {}, query: '{ box { title items { id name } footer } }' },
  { name: 'item 2 null in [Item!]! nulls the nullable parent', config: { nullNameAt: [2] }, query: '{ box { title items { id name } footer } }' },
  { name: 'item 2 null in [Item] nulls the item only', config: { nullNameAt: [2] }, query: '{ box { title maybeItems { id name } footer } }' },
  { name: 'item 2 null in a nullable [Item!] nulls the list', config: { nullNameAt: [2] }, query: '{ box { title nullableList { id name } footer } }' },
  { name: 'items 1 and 3 null in [Item!]!: the first error only', config: { nullNameAt: [1, 3] }, query: '{ box { title items { id name } footer } }' },
  { name: 'items 1 and 3 null in [Item]: both errors', config: { nullNameAt: [1, 3] }, query: '{ box { title maybeItems { id name } footer } }' },
  { name: 'a nullable field of item 3 throws', config: { throwNoteAt: [3] }, query: '{ box { items { id note } } }' },
  { name: 'last item fails', config: { nullNameAt: [4] }, query: '{ box { items { id name } footer } }' },
  { name: 'first item fails', config: { nullNameAt: [0] }, query: '{ box { maybeItems { id name } } }' },
  { name: 'a non-null sibling after the list fails', config: { footerFails: true }, query: '{ box { title items { id name } footer } }' },
  { name: 'a non-null sibling before the list fails', config: { titleFails: true }, query: '{ box { title items { id name } footer } }' },
  { name: 'item error under a non-null chain nulls data', config: { nullNameAt: [2] }, query: '{ strictBox { items { id name } } }' },
  { name: 'item error under a non-null chain, nullable items', config: { nullNameAt: [2] }, query: '{ strictBox { maybeItems { id name } } }' },
  { name: 'the source fails: the list field errs at its path', config: { sourceFails: true }, query: '{ box { title nullableList { id } footer } }' },
  { name: 'the source fails under a non-null list', config: { sourceFails: true }, query: '{ box { items { id } } }' },
  { name: 'async items from 2 on, item 3 fails', config: { asyncFrom: 2, nullNameAt: [3] }, query: '{ box { maybeItems { id name } } }' },
  { name: 'async items from 2 on, items 3 and 4 fail in [Item!]!', config: { asyncFrom: 2, nullNameAt: [3, 4] }, query: '{ box { items { id name } footer } }' },
  { name: 'a sync item fails after an async one', config: { asyncFrom: 1, asyncTo: 2, nullNameAt: [3] }, query: '{ box { items { id name } } }' },
  { name: 'two lists of one box, aliases', config: { nullNameAt: [2] }, query: '{ box { a: maybeItems { id } b: maybeItems { name } c: items { id } } }' },
  { name: 'note throws in every item', config: { throwNoteAt: [0, 1, 2, 3, 4] }, query: '{ box { maybeItems { note id } } }' },
];

const count = 5;

function root(config) {
  const item = (id) => ({
    id,
    name: () => {
      const value = (config.nullNameAt ?? []).includes(id) ? null : `item ${id}`;
      const async = config.asyncFrom !== undefined && id >= config.asyncFrom && (config.asyncTo === undefined || id < config.asyncTo);
      return async ? Promise.resolve(value) : value;
    },
    note: () => {
      if ((config.throwNoteAt ?? []).includes(id)) throw new Error(`note ${id} failed`);
      return `note ${id}`;
    },
  });
  const items = () => {
    if (config.sourceFails) throw new Error('the source failed after 2 items');
    return Array.from({ length: count }, (_, i) => item(i));
  };
  const box = {
    title: () => { if (config.titleFails) throw new Error('title failed'); return 'box'; },
    items, maybeItems: items, nullableList: items,
    footer: () => { if (config.footerFails) throw new Error('footer failed'); return 'end'; },
  };
  return { box, strictBox: box };
}

const schema = buildSchema(sdl);
const out = [];
for (const c of cases) {
  const result = await graphql({ schema, source: c.query, rootValue: root(c.config) });
  out.push({ name: c.name, config: c.config, query: c.query, expected: JSON.stringify(result) });
}
console.log(JSON.stringify({ sdl, count, cases: out }, null, 2));
