'use strict';

function render(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? '');
}

function sendMail(to, template, values) {
  const body = render(template, values);
  console.log(`to=${to} body=${body}`);
  return body.length;
}

module.exports = { sendMail };
