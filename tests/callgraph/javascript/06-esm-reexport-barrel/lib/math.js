export function clamp(value, min, max) {
  return Math.min(Math.max(value, min), max);
}

export function percent(part, whole) {
  return clamp(Math.round((part / whole) * 100), 0, 100);
}
