package slicesx

// Map applies fn to every element.
func Map[T, U any](in []T, fn func(T) U) []U {
	out := make([]U, 0, len(in))
	for _, v := range in {
		out = append(out, fn(v))
	}
	return out
}

// Filter keeps the elements keep accepts.
func Filter[T any](in []T, keep func(T) bool) []T {
	var out []T
	for _, v := range in {
		if keep(v) {
			out = append(out, v)
		}
	}
	return out
}

// Sum adds numbers.
func Sum[T int | float64](in []T) T {
	var total T
	for _, v := range in {
		total += v
	}
	return total
}
