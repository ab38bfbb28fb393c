'use strict';

const { loadUser, fetchJson, parse } = require('./api');

async function loadAll(ids) {
  const users = await Promise.all(ids.map((id) => loadUser(id)));
  return users.map((user) => user.name);
}

function loadFirst() {
  return fetchJson('/users/1').then(parse).then((user) => user.name.toUpperCase());
}

async function main() {
  console.log(await loadAll([1, 2, 3]));
  console.log(await loadFirst());
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
