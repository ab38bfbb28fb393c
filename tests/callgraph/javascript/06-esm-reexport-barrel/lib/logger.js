import { formatDate } from './dates.js';

export default class Logger {
  constructor(prefix) {
    this.prefix = prefix;
  }

  line(message) {
    return `${formatDate(new Date(0))} [${this.prefix}] ${message}`;
  }

  announce(message) {
    console.log(this.line(message));
  }
}
