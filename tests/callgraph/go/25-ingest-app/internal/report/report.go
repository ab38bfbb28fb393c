package report

import (
	"fmt"
	"io"

	"example.com/ingest-app/internal/pipeline"
)

func summary(results []pipeline.Result) (ok, failed int) {
	for _, r := range results {
		if r.Err != nil {
			failed++
		} else {
			ok++
		}
	}
	return ok, failed
}

// Print writes every result and a summary line.
func Print(w io.Writer, results []pipeline.Result) {
	for _, r := range results {
		if r.Err != nil {
			fmt.Fprintf(w, "%d: error: %v\n", r.Index, r.Err)
			continue
		}
		fmt.Fprintf(w, "%d: %s\n", r.Index, r.Out)
	}
	ok, failed := summary(results)
	fmt.Fprintf(w, "%d ok, %d failed\n", ok, failed)
}
