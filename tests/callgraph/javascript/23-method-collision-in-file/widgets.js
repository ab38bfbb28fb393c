'use strict';

class Button {
  constructor(label) {
    this.label = label;
  }

  validate() {
    return this.label.length > 0;
  }

  render() {
    return this.validate() ? `<button>${this.label}</button>` : '';
  }
}

class Link {
  constructor(href, text) {
    this.href = href;
    this.text = text;
  }

  validate() {
    return /^https?:\/\//.test(this.href);
  }

  render() {
    return this.validate() ? `<a href="${this.href}">${this.text}</a>` : this.text;
  }
}

function render(widgets) {
  return widgets.map((widget) => widget.render()).join('\n');
}

function page(title) {
  return render([new Button(title), new Link('https://example.test', 'home')]);
}

module.exports = { render, page };
