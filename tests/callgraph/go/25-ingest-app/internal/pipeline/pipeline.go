package pipeline

import "sync"

// Stage transforms one item.
type Stage func(string) (string, error)

// Result is the outcome for one input item.
type Result struct {
	Index int
	Out   string
	Err   error
}

// Pipeline runs a stage over items with a fixed number of workers.
type Pipeline struct {
	workers int
	stage   Stage
}

// New returns a pipeline.
func New(workers int, stage Stage) *Pipeline {
	return &Pipeline{workers: workers, stage: stage}
}

func (p *Pipeline) runOne(index int, item string) Result {
	out, err := p.stage(item)
	return Result{Index: index, Out: out, Err: err}
}

// Process runs the stage over items and keeps their order.
func (p *Pipeline) Process(items []string) []Result {
	results := make([]Result, len(items))
	indexes := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < p.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range indexes {
				results[i] = p.runOne(i, items[i])
			}
		}()
	}
	for i := range items {
		indexes <- i
	}
	close(indexes)
	wg.Wait()
	return results
}
