package main

import (
	"fmt"
	"sort"
	"strings"
)

func summarize(entries []entry) map[string]int {
	counts := map[string]int{}
	for _, e := range entries {
		counts[key(e)]++
	}
	return counts
}

func key(e entry) string {
	return fmt.Sprintf("%s %d", e.path, e.status)
}

func renderReport(counts map[string]int) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%-16s %d\n", k, counts[k])
	}
	return b.String()
}
