export default class Parser {
  constructor(separator) {
    this.separator = separator;
  }

  tokens(line) {
    return line.split(this.separator).map((token) => token.trim());
  }

  parseRows(text) {
    return text.split('\n').filter(Boolean).map((line) => this.tokens(line));
  }
}
