export function round(value, digits = 0) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function mean(values) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
