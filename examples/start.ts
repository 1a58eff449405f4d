// `npm start`: runs the main demo, or one of the examples by name.
//
//   npm start                          # the main demo (room-demo.ts), with its own options
//   npm start -- --list                # the examples, a line each (--names: names only)
//   npm start -- <name> [--smoke] ...  # one example (its options follow its name)
//
// An example is any examples/*.ts file but this one; its first comment line says what it does.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const self = fileURLToPath(import.meta.url);
const dir = dirname(self);
const MAIN = 'room-demo';

/** Every example: its name (the file's) and the first line of its header comment. */
function catalog(): { name: string; description: string }[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && file !== basename(self))
    .map((file) => {
      const header = readFileSync(join(dir, file), 'utf8').split('\n', 3);
      const line = header.find(
        (l) => /^\s*(\/\/|\/\*\*|\*)\s*\S/.test(l) && !/^\s*\/\*\*\s*$/.test(l),
      );
      const description = (line ?? '').replace(/^\s*(\/\/|\/\*\*|\*)\s*/, '').trim();
      return { name: file.slice(0, -3), description };
    })
    .sort((a, b) => (a.name === MAIN ? -1 : b.name === MAIN ? 1 : a.name.localeCompare(b.name)));
}

const [first] = process.argv.slice(2);
if (first === '--names') {
  for (const { name } of catalog()) console.log(name);
} else if (first === '--list') {
  const examples = catalog();
  const width = Math.max(...examples.map((e) => e.name.length));
  for (const { name, description } of examples)
    console.log(`${name.padEnd(width)}  ${description}`);
} else {
  const examples = catalog().map((e) => e.name);
  let name = MAIN;
  if (first !== undefined && !first.startsWith('-')) {
    if (!examples.includes(first)) {
      console.error(
        `no example "${first}": npm start -- --list names them (${examples.join(', ')})`,
      );
      process.exit(2);
    }
    name = first;
    process.argv.splice(2, 1); // the example parses its own options
  }
  await import(pathToFileURL(join(dir, `${name}.ts`)).href);
}
