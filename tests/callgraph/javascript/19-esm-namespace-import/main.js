import * as fmt from './format.js';
import * as math from './math.js';

const scores = [0.912, 0.774, 0.8056];
const avg = math.mean(scores);
console.log(math.round(avg, 3), fmt.round(avg), fmt.percent(avg), Math.round(avg));
