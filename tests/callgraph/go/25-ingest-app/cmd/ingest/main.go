package main

import (
	"fmt"
	"os"

	"example.com/ingest-app/internal/config"
	"example.com/ingest-app/internal/pipeline"
	"example.com/ingest-app/internal/report"
	"example.com/ingest-app/internal/transform"
)

var input = []string{"  Hello   World ", "", "GO  is  FUN"}

func main() {
	cfg, err := config.Load(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	p := pipeline.New(cfg.Workers, transform.Normalize)
	report.Print(os.Stdout, p.Process(input))
	fmt.Print("done\n")
}
