'use strict';

const USERS = { 1: 'ada', 2: 'grace', 3: 'linus' };

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function fetchJson(path) {
  await delay(5);
  const id = Number(path.split('/').pop());
  return JSON.stringify({ id, name: USERS[id] });
}

function parse(body) {
  return JSON.parse(body);
}

async function loadUser(id) {
  const body = await fetchJson(`/users/${id}`);
  return parse(body);
}

module.exports = { loadUser, parse, fetchJson };
