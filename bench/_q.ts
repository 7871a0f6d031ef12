import { readFileSync } from 'node:fs';
import { readOrder } from '../utils/tms/recipe/read-fields';
import { validateRecipe } from '../utils/tms/recipe/schema';
const recipe = (validateRecipe(JSON.parse(readFileSync('utils/tms/demo/demo.recipe.json', 'utf8'))) as any).recipe;
const saved = JSON.parse(readFileSync('utils/tms/demo/fixtures/api-orders.json', 'utf8')).items;
const items = Array.from({ length: 300 }, (_, i) => ({ ...saved[i % 3], id: `o-${i}` }));
const env = { locale: recipe.locale, baseUrl: 'http://127.0.0.1:4410/', origin: 'http://127.0.0.1:4410', adapterId: 'x' };
const before = JSON.stringify(recipe);
for (let round = 0; round < 8; round++) {
  const t = performance.now();
  for (let k = 0; k < 10; k++) items.forEach((it) => readOrder(it.id, recipe, [{ kind: 'json', item: it }], env));
  console.log(round, ((performance.now() - t) / 10).toFixed(2), process.memoryUsage().heapUsed >> 20);
}
console.log(JSON.stringify(recipe) === before, JSON.stringify(recipe).length, before.length);
