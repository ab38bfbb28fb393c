import { Logger, formatDate, percent } from './lib/index.js';

const log = new Logger('build');
log.announce(`finished ${percent(37, 40)}%`);
console.log(formatDate(new Date(Date.UTC(2024, 0, 31))));
