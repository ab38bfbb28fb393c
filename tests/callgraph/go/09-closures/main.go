package main

import (
	"fmt"
	"sync"
)

func clamp(v, limit int) int {
	if v > limit {
		return limit
	}
	return v
}

func makeCounter(start int) func(int) int {
	count := start
	return func(step int) int {
		count = clamp(count+step, 100)
		return count
	}
}

func pipeline(steps ...func(int) int) func(int) int {
	return func(v int) int {
		for _, step := range steps {
			v = step(v)
		}
		return v
	}
}

func double(v int) int { return v * 2 }

func main() {
	counter := makeCounter(5)
	counter(1)
	fmt.Println(counter(3))

	run := pipeline(double, func(v int) int { return clamp(v, 50) })
	fmt.Println(run(40), double(2))

	var wg sync.WaitGroup
	results := make([]int, 3)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i] = double(i)
		}(i)
	}
	wg.Wait()
	fmt.Println(results)
}
