package counter

// Counter counts events by name.
type Counter struct {
	hits map[string]int
}

// NewCounter returns an empty counter.
func NewCounter() *Counter {
	return &Counter{hits: map[string]int{}}
}

// Hit counts one event.
func (c *Counter) Hit(name string) {
	c.hits[name]++
}

// HitTotal sums all events.
func (c *Counter) HitTotal() int {
	total := 0
	for _, n := range c.hits {
		total += n
	}
	return total
}

// Apply calls fn once per name.
func Apply(fn func(string), names ...string) {
	for _, name := range names {
		fn(name)
	}
}
