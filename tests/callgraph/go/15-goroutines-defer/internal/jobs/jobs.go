package jobs

import (
	"fmt"
	"sync"
)

// Result is the outcome of one job.
type Result struct {
	ID     int
	Output string
}

func process(id int) string {
	return fmt.Sprintf("job-%d done", id)
}

func worker(id int, in <-chan int, out chan<- Result, wg *sync.WaitGroup) {
	defer wg.Done()
	for job := range in {
		out <- Result{ID: job, Output: process(job) + fmt.Sprintf(" by %d", id)}
	}
}

func closeWhenDone(wg *sync.WaitGroup, out chan Result) {
	wg.Wait()
	close(out)
}

// RunAll fans the ids out to n workers and collects the results.
func RunAll(ids []int, n int) []Result {
	in := make(chan int)
	out := make(chan Result)
	var wg sync.WaitGroup
	for w := 1; w <= n; w++ {
		wg.Add(1)
		go worker(w, in, out, &wg)
	}
	go closeWhenDone(&wg, out)
	go func() {
		defer close(in)
		for _, id := range ids {
			in <- id
		}
	}()
	var results []Result
	for r := range out {
		results = append(results, r)
	}
	return results
}
