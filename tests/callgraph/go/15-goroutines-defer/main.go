package main

import (
	"fmt"
	"sort"

	"example.com/goroutines-defer/internal/jobs"
)

func cleanup(name string) {
	fmt.Println("cleanup", name)
}

func main() {
	defer cleanup("main")
	results := jobs.RunAll([]int{3, 1, 2}, 2)
	sort.Slice(results, func(i, j int) bool { return results[i].ID < results[j].ID })
	for _, r := range results {
		fmt.Println(r.ID, len(r.Output) > 0)
	}
}
